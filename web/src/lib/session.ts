import { computed, reactive } from 'vue'

/** One role grant of the signed-in user, as `viewer.user.roles` gives it. */
export interface RoleGrant {
  role: 'TRAINEE' | 'PROVIDER' | 'COUNTY_ADMIN' | 'PREFECTURE_ADMIN' | 'EXPERT'
  countyCode: string | null
  providerId: string | null
}

/** What the pages need to know of the signed-in user; the token is the same bearer token any client uses. */
export interface SessionUser {
  id: string
  username: string
  name: string
  mustChangePassword: boolean
  roles: RoleGrant[]
  personId: string | null
}

const STORAGE_KEY = 'swtalent.session'

interface Stored {
  token: string
  user: SessionUser
}

function load(): Stored | null {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY)
    return raw ? (JSON.parse(raw) as Stored) : null
  } catch {
    return null
  }
}

const state = reactive<{ token: string | null; user: SessionUser | null }>({ token: null, user: null })
const initial = load()
if (initial) {
  state.token = initial.token
  state.user = initial.user
}

/** The session of this browser tab's user: token and user kept in localStorage so a reload stays signed in. */
export const session = {
  get token(): string | null {
    return state.token
  },
  get user(): SessionUser | null {
    return state.user
  },
  signIn(token: string, user: SessionUser): void {
    state.token = token
    state.user = user
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ token, user } satisfies Stored))
  },
  update(user: SessionUser): void {
    state.user = user
    if (state.token) window.localStorage.setItem(STORAGE_KEY, JSON.stringify({ token: state.token, user }))
  },
  signOut(): void {
    state.token = null
    state.user = null
    window.localStorage.removeItem(STORAGE_KEY)
  },
  hasRole(role: RoleGrant['role']): boolean {
    return state.user?.roles.some((grant) => grant.role === role) ?? false
  },
}

export const signedIn = computed(() => state.token !== null)
export const currentUser = computed(() => state.user)

/** The user as the session keeps it, from a `viewer` answer (login, registerAccount, the viewer query). */
export function sessionUserFrom(viewer: {
  user: {
    id: string
    username: string
    name: string
    mustChangePassword: boolean
    roles: ReadonlyArray<{ role: string; countyCode?: string | null; providerId?: string | null }>
  }
  person?: { id: string } | null
}): SessionUser {
  return {
    id: viewer.user.id,
    username: viewer.user.username,
    name: viewer.user.name,
    mustChangePassword: viewer.user.mustChangePassword,
    roles: viewer.user.roles.map((grant) => ({
      role: grant.role as RoleGrant['role'],
      countyCode: grant.countyCode ?? null,
      providerId: grant.providerId ?? null,
    })),
    personId: viewer.person?.id ?? null,
  }
}
