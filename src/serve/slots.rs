//! The bound on concurrent renders: a render (validate, render, batch) runs on a blocking
//! thread only while it holds a slot, and a request waits for one within its request time.
//! The slot travels with the blocking work, so a request that times out does not free its
//! slot before its render really ends: the bound holds for the work, not for the requests.

use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// At most `n` renders at once.
#[derive(Debug, Clone)]
pub struct Slots {
    semaphore: Arc<Semaphore>,
    capacity: usize,
}

/// Why a render did not run to its end.
#[derive(Debug, PartialEq, Eq)]
pub enum RunError {
    /// The render panicked (a bug): the request gets a Chinese 500 without a trace.
    Panicked,
}

impl Slots {
    pub fn new(n: usize) -> Slots {
        let capacity = n.max(1);
        Slots { semaphore: Arc::new(Semaphore::new(capacity)), capacity }
    }

    /// Most renders at once.
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Slots free now.
    pub fn free(&self) -> usize {
        self.semaphore.available_permits()
    }

    /// Waits for a slot, then runs `work` on a blocking thread holding it.
    pub async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T, RunError> {
        let permit: OwnedSemaphorePermit = self.semaphore.clone().acquire_owned().await.map_err(|_| RunError::Panicked)?;
        tokio::task::spawn_blocking(move || {
            let out = work();
            drop(permit);
            out
        })
        .await
        .map_err(|_| RunError::Panicked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Twenty renders on two slots: never more than two run at once, and all finish.
    #[test]
    fn never_more_renders_at_once_than_slots() {
        let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(4).enable_all().build().unwrap();
        let slots = Slots::new(2);
        let running = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let done = runtime.block_on(async {
            let mut tasks = Vec::new();
            for _ in 0..20 {
                let (slots, running, peak) = (slots.clone(), running.clone(), peak.clone());
                tasks.push(tokio::spawn(async move {
                    slots
                        .run(move || {
                            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                            peak.fetch_max(now, Ordering::SeqCst);
                            std::thread::sleep(std::time::Duration::from_millis(5));
                            running.fetch_sub(1, Ordering::SeqCst);
                        })
                        .await
                }));
            }
            let mut done = 0;
            for t in tasks {
                t.await.unwrap().unwrap();
                done += 1;
            }
            done
        });
        assert_eq!(done, 20);
        assert!(peak.load(Ordering::SeqCst) <= 2, "two slots: never a third render at once");
        assert_eq!(slots.free(), 2);
    }

    #[test]
    fn a_panicking_render_is_an_error_and_frees_its_slot() {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let slots = Slots::new(1);
        let got = runtime.block_on(slots.run(|| -> u8 { panic!("a bug") }));
        assert_eq!(got, Err(RunError::Panicked));
        assert_eq!(slots.free(), 1);
    }
}
