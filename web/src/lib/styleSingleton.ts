// A drop-in for `react-style-singleton` (vite.config.ts aliases it here), which GraphiQL's dialogs use
// through react-remove-scroll to lock the page's scrolling while a dialog is open. The original adds a
// <style> element, which the app's Content-Security-Policy (`style-src 'self'`, api/security_headers.py)
// blocks; a constructed stylesheet adopted by the document is CSSOM, not markup, so the policy stays
// strict and the scroll lock still works. Same API and counting: the sheet is added when the first user
// mounts and removed when the last one unmounts.
import { createElement, Fragment, useEffect, type ReactElement } from 'react'

interface Sheet {
  add(style: string): void
  remove(): void
}

export function stylesheetSingleton(): Sheet {
  let users = 0
  let sheet: CSSStyleSheet | null = null
  return {
    add(style) {
      if (users === 0) {
        sheet = new CSSStyleSheet()
        sheet.replaceSync(style)
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet]
      }
      users++
    },
    remove() {
      users--
      if (users === 0 && sheet) {
        const adopted = sheet
        document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== adopted)
        sheet = null
      }
    },
  }
}

export function styleHookSingleton(): (styles: string, isDynamic?: boolean) => void {
  const sheet = stylesheetSingleton()
  return (styles, isDynamic) => {
    useEffect(() => {
      sheet.add(styles)
      return () => sheet.remove()
      // As the original: the styles are fixed at mount unless marked dynamic.
    }, [styles && isDynamic])
  }
}

export function styleSingleton(): (props: { styles: string; dynamic?: boolean }) => ReactElement {
  const useStyle = styleHookSingleton()
  return function Sheet({ styles, dynamic }) {
    useStyle(styles, dynamic)
    return createElement(Fragment)
  }
}
