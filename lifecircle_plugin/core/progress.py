"""How a long core computation reports its steps to whoever runs it (a Processing algorithm, a test)."""


def step_reporter(progress, cancel):
    """One callable for the steps of a computation: ``cancel()`` first (it raises to stop the run), then
    ``progress(fraction, message)``; either may be None."""
    def step(fraction, message):
        if cancel:
            cancel()
        if progress:
            progress(fraction, message)
    return step
