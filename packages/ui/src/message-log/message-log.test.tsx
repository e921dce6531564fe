import { cleanup, fireEvent, render } from '@testing-library/react'
import { afterEach, describe, expect, it } from 'vitest'
import { messages } from '../test/fixtures.js'
import { MessageLog } from './message-log.js'

afterEach(cleanup)

describe('given a MessageLog with thousands of messages', () => {
  it('should render only the visible rows and follow new messages at the bottom', () => {
    const list = messages(5000)
    const { container, rerender } = render(
      <MessageLog messages={list} height={320} rowHeight={40} />,
    )
    const viewport = container.querySelector('[role="log"]') as HTMLElement
    expect(container.querySelectorAll('li').length).toBeLessThan(30)
    expect(container.querySelector('[aria-posinset="5000"]')).not.toBeNull()

    // Scrolled up: new messages do not move the view.
    viewport.scrollTop = 0
    fireEvent.scroll(viewport)
    expect(container.querySelector('[aria-posinset="1"]')).not.toBeNull()
    rerender(<MessageLog messages={messages(5001)} height={320} rowHeight={40} />)
    expect(container.querySelector('[aria-posinset="1"]')).not.toBeNull()
    expect(container.querySelector('[aria-posinset="5001"]')).toBeNull()

    // Back at the bottom: the log follows.
    viewport.scrollTop = 5001 * 40 - 320
    fireEvent.scroll(viewport)
    rerender(<MessageLog messages={messages(5002)} height={320} rowHeight={40} />)
    expect(container.querySelector('[aria-posinset="5002"]')).not.toBeNull()
  })

  it('should mark your own echoes', () => {
    const { getAllByText } = render(<MessageLog messages={messages(3)} />)
    expect(getAllByText(/\(you\)/)).toHaveLength(1)
  })
})
