import type { RouteRecordRaw } from 'vue-router'
import type { MenuEntry } from '@/menu'

/** This area's pages (role in each route's meta) and its entries in the role menus. */
export const routes: RouteRecordRaw[] = []

export const menu: MenuEntry[] = []
