import type { SignatureRequest } from '@nitrolite-kit/core'
import { useSignatureRequests } from '@nitrolite-kit/react'
import { SignatureRequestReview, type SignatureRequestState } from '@nitrolite-kit/ui'
import { useEffect, useRef, useState } from 'react'

/** Co-signing requests from other participants, one at a time, in a modal dialog. */
export function SignatureRequests({ names, me }: { names: Record<string, string>; me: string }) {
  const requests = useSignatureRequests()
  const request = requests[0]
  const ref = useRef<HTMLDialogElement>(null)
  useEffect(() => {
    const d = ref.current
    if (!d) return
    if (request && !d.open) {
      d.showModal?.()
      // Start on the request's heading, never on Approve: nobody signs by pressing Enter.
      d.querySelector<HTMLElement>('[data-initial-focus]')?.focus()
    }
    if (!request && d.open) d.close()
  }, [request])
  return (
    <dialog ref={ref} aria-label="Signature request" onCancel={(e) => e.preventDefault()}>
      {request && <Review key={request.id} request={request} names={names} me={me} />}
    </dialog>
  )
}

function Review({
  request,
  names,
  me,
}: {
  request: SignatureRequest
  names: Record<string, string>
  me: string
}) {
  const [state, setState] = useState<SignatureRequestState>('pending')
  const [error, setError] = useState<Error>()
  const act = async (fn: () => Promise<void>, next: SignatureRequestState) => {
    setState(next === 'approved' ? 'approving' : next)
    try {
      await fn()
      setState(next)
    } catch (e) {
      setError(e as Error)
      setState('error')
    }
  }
  return (
    <SignatureRequestReview
      request={request.prepared}
      current={request.current}
      effects={request.effects}
      intent={request.intent}
      you={me}
      from={request.from}
      names={names}
      state={state}
      error={error}
      onApprove={() => act(() => request.approve(), 'approved')}
      onReject={() => act(() => request.reject('declined in the demo'), 'rejected')}
    />
  )
}
