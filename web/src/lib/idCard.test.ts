import { describe, expect, it } from 'vitest'
import { checkCharacter, idCardProblem } from './idCard'

describe('checkCharacter', () => {
  it('is the GB 11643 MOD 11-2 check character', () => {
    // The standard's own example.
    expect(checkCharacter('11010519491231002')).toBe('X')
    expect(checkCharacter('53230119900101123')).toBe('8')
  })
  it('is null unless given 17 digits', () => {
    expect(checkCharacter('5323011990010112')).toBeNull()
    expect(checkCharacter('5323011990010112A')).toBeNull()
  })
})

describe('idCardProblem', () => {
  it('accepts a number whose check digit fits, X in either case', () => {
    expect(idCardProblem('532301199001011238')).toBeNull()
    expect(idCardProblem('11010519491231002x')).toBeNull()
    expect(idCardProblem(' 11010519491231002X ')).toBeNull()
  })
  it('names the expected check character when it does not fit', () => {
    expect(idCardProblem('532301199001011231')).toBe('身份证号校验位不符：按前 17 位，末位应为 8')
  })
  it('tells a wrong length or stray characters', () => {
    expect(idCardProblem('53230119900101123')).toContain('应为 18 位')
    expect(idCardProblem('53230119900101A238')).toContain('前 17 位应为数字')
  })
})

describe('full-width digits', () => {
  it('checks an ID number typed with full-width digits as the number it is', () => {
    expect(idCardProblem('１１０１０５１９４９１２３１００２Ｘ')).toBeNull()
    expect(idCardProblem('１１０１０５１９４９１２３１００２１')).toContain('末位应为 X')
  })
})
