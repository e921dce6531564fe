/** Storybook preview: theme decorator (light, dark, side by side), a11y on, strict mode. */
import type { Decorator, Preview } from '@storybook/react-vite'
import '../styles.css'
import { darkTheme, lightTheme, NitroliteThemeProvider } from '../theme.js'

const withTheme: Decorator = (Story, context) => {
  const theme = (context.parameters.theme ?? context.globals.theme ?? 'light') as
    | 'light'
    | 'dark'
    | 'side-by-side'
  if (theme === 'side-by-side') {
    return (
      <main style={{ display: 'grid', gridTemplateColumns: '1fr 1fr' }}>
        <NitroliteThemeProvider theme={lightTheme()} style={{ padding: 16 }}>
          <Story />
        </NitroliteThemeProvider>
        <NitroliteThemeProvider theme={darkTheme()} style={{ padding: 16 }}>
          <Story />
        </NitroliteThemeProvider>
      </main>
    )
  }
  return (
    <NitroliteThemeProvider
      theme={theme === 'dark' ? darkTheme() : lightTheme()}
      style={{ padding: 16, minHeight: '100vh' }}
    >
      <main>
        <Story />
      </main>
    </NitroliteThemeProvider>
  )
}

const preview: Preview = {
  decorators: [withTheme],
  globalTypes: {
    theme: {
      description: 'Nitrolite Kit theme',
      toolbar: {
        title: 'Theme',
        icon: 'mirror',
        items: [
          { value: 'light', title: 'Light' },
          { value: 'dark', title: 'Dark' },
          { value: 'side-by-side', title: 'Side by side' },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: 'light' },
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true },
    a11y: { test: 'error' },
  },
  tags: ['autodocs'],
}

export default preview
