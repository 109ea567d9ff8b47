// A worker that cannot start (the pool's tests).
throw new Error('this worker cannot start')
