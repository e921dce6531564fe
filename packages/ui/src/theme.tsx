import { type ComponentPropsWithoutRef, type CSSProperties, forwardRef, useId } from 'react'
import { cx } from './internal/cx.js'

/**
 * The theming contract: every CSS variable the components read. Values are plain CSS values.
 * Set them with {@link NitroliteThemeProvider}, or in your own CSS on any ancestor.
 */
export interface ThemeVars {
  /** `--nk-color-background`: page-level background behind cards. */
  colorBackground: string
  /** `--nk-color-surface`: card and input background. */
  colorSurface: string
  /** `--nk-color-surface-muted`: table headers, hover rows, code. */
  colorSurfaceMuted: string
  /** `--nk-color-text`: body text. */
  colorText: string
  /** `--nk-color-text-muted`: hints and secondary text. */
  colorTextMuted: string
  /** `--nk-color-border`: borders and dividers. */
  colorBorder: string
  /** `--nk-color-accent`: primary buttons, selected presets, focus ring. */
  colorAccent: string
  /** `--nk-color-accent-text`: text on accent backgrounds. */
  colorAccentText: string
  /** `--nk-color-danger`: errors, invalid fields, reject. */
  colorDanger: string
  /** `--nk-color-success`: valid / conserved / approved. */
  colorSuccess: string
  /** `--nk-color-warning`: pending, reconnecting, left to assign. */
  colorWarning: string
  /** `--nk-radius`: corner radius of cards, inputs and buttons. */
  radius: string
  /** `--nk-font-family`: UI font. */
  fontFamily: string
  /** `--nk-font-family-mono`: addresses and amounts. */
  fontFamilyMono: string
  /** `--nk-font-size`: base font size. */
  fontSize: string
  /** `--nk-space`: base spacing unit. */
  space: string
}

/** Maps each {@link ThemeVars} key to its CSS variable name. */
export const themeVarNames: { readonly [K in keyof ThemeVars]: `--nk-${string}` } = {
  colorBackground: '--nk-color-background',
  colorSurface: '--nk-color-surface',
  colorSurfaceMuted: '--nk-color-surface-muted',
  colorText: '--nk-color-text',
  colorTextMuted: '--nk-color-text-muted',
  colorBorder: '--nk-color-border',
  colorAccent: '--nk-color-accent',
  colorAccentText: '--nk-color-accent-text',
  colorDanger: '--nk-color-danger',
  colorSuccess: '--nk-color-success',
  colorWarning: '--nk-color-warning',
  radius: '--nk-radius',
  fontFamily: '--nk-font-family',
  fontFamilyMono: '--nk-font-family-mono',
  fontSize: '--nk-font-size',
  space: '--nk-space',
}

/** A resolved theme: its name (`light` / `dark`) and its variables. */
export interface Theme {
  /** Written to `data-nk-theme`. */
  name: 'light' | 'dark'
  /** Every variable of the contract. */
  vars: ThemeVars
}

const shared = {
  radius: '8px',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMono: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  fontSize: '14px',
  space: '8px',
}

/**
 * The light theme. Pass overrides for any variable.
 * @example lightTheme({ colorAccent: '#7b3fe4', radius: '4px' })
 */
export function lightTheme(overrides: Partial<ThemeVars> = {}): Theme {
  return {
    name: 'light',
    vars: {
      colorBackground: '#f6f7f9',
      colorSurface: '#ffffff',
      colorSurfaceMuted: '#eef0f3',
      colorText: '#14161a',
      colorTextMuted: '#555b66',
      colorBorder: '#c9ced6',
      colorAccent: '#2450d6',
      colorAccentText: '#ffffff',
      colorDanger: '#b3261e',
      colorSuccess: '#1b7a3a',
      colorWarning: '#8a5a00',
      ...shared,
      ...overrides,
    },
  }
}

/**
 * The dark theme. Pass overrides for any variable.
 * @example darkTheme({ colorAccent: '#9d7bff' })
 */
export function darkTheme(overrides: Partial<ThemeVars> = {}): Theme {
  return {
    name: 'dark',
    vars: {
      colorBackground: '#0f1115',
      colorSurface: '#181b21',
      colorSurfaceMuted: '#232731',
      colorText: '#eef0f4',
      colorTextMuted: '#a9b0bd',
      colorBorder: '#3a404d',
      colorAccent: '#7fa2ff',
      colorAccentText: '#0b0d12',
      colorDanger: '#ff8a80',
      colorSuccess: '#6fdc8c',
      colorWarning: '#ffc95c',
      ...shared,
      ...overrides,
    },
  }
}

/** Converts a theme to an inline `style` object of CSS variables. */
export function themeToStyle(theme: Theme): CSSProperties {
  const style: Record<string, string> = {}
  for (const key of Object.keys(theme.vars) as (keyof ThemeVars)[]) {
    style[themeVarNames[key]] = theme.vars[key]
  }
  return style as CSSProperties
}

function cssBlock(theme: Theme): string {
  return (Object.keys(theme.vars) as (keyof ThemeVars)[])
    .map((key) => `${themeVarNames[key]}:${theme.vars[key]};`)
    .join('')
}

/** Props of {@link NitroliteThemeProvider}. */
export interface NitroliteThemeProviderProps extends ComponentPropsWithoutRef<'div'> {
  /**
   * A theme, or `{ lightMode, darkMode }` to follow the user's `prefers-color-scheme`.
   * Defaults to `lightTheme()`.
   */
  theme?: Theme | { lightMode: Theme; darkMode: Theme }
}

/**
 * Sets the theme's CSS variables on a wrapping `div.nk-theme` (no global styles). Every
 * component inside reads them.
 * @example
 * <NitroliteThemeProvider theme={darkTheme()}><SessionEditor … /></NitroliteThemeProvider>
 */
export const NitroliteThemeProvider = forwardRef<HTMLDivElement, NitroliteThemeProviderProps>(
  function NitroliteThemeProvider(
    { theme = lightTheme(), className, style, children, ...rest },
    ref,
  ) {
    const id = useId().replace(/[^a-zA-Z0-9_-]/g, '')
    if ('lightMode' in theme) {
      const css = `.nk-theme[data-nk-theme-id="${id}"]{${cssBlock(theme.lightMode)}}@media (prefers-color-scheme: dark){.nk-theme[data-nk-theme-id="${id}"]{${cssBlock(theme.darkMode)}}}`
      return (
        <div
          ref={ref}
          {...rest}
          className={cx('nk-theme', className)}
          data-nk-theme="auto"
          data-nk-theme-id={id}
          style={style}
        >
          <style>{css}</style>
          {children}
        </div>
      )
    }
    return (
      <div
        ref={ref}
        {...rest}
        className={cx('nk-theme', className)}
        data-nk-theme={theme.name}
        style={{ ...themeToStyle(theme), ...style }}
      >
        {children}
      </div>
    )
  },
)
