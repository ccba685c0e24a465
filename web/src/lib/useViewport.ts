import { onBeforeUnmount, onMounted, ref } from 'vue'

/** True on a phone-width screen (< 768 px): tables turn into cards and dialogs go full width. */
export function useNarrowScreen() {
  const narrow = ref(typeof window !== 'undefined' && window.innerWidth < 768)
  const update = () => {
    narrow.value = window.innerWidth < 768
  }
  onMounted(() => window.addEventListener('resize', update))
  onBeforeUnmount(() => window.removeEventListener('resize', update))
  return narrow
}
