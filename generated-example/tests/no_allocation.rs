//! Running the machines allocates nothing: every transition, refusal, fault, resume,
//! reachability query and path search, counted by a global allocator.

#![allow(
    unsafe_code,
    reason = "a counting global allocator needs `unsafe impl GlobalAlloc`"
)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};

use generated_example::{drive, job};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: forwards to the system allocator unchanged; only counts calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract, which we pass on.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `System` through `alloc` above.
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

struct Facts(bool);

impl job::Guards for Facts {
    fn delivery_package_set(&self) -> bool {
        self.0
    }
    fn return_address_set(&self) -> bool {
        self.0
    }
    fn no_errors(&self) -> bool {
        self.0
    }
}

#[test]
fn transitions_and_queries_allocate_nothing() {
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    let mut outcomes = 0usize;

    let mut machine = job::Machine::new();
    // Refused by the guards, then accepted.
    outcomes += usize::from(
        machine
            .fire(job::Event::MarkShipping, &Facts(false))
            .is_err(),
    );
    for event in [
        job::Event::UpdateJobProperties,
        job::Event::Cancel,
        job::Event::MarkShipping,
        job::Event::Fault,
        job::Event::Resolve,
        job::Event::AllDrivesReceived,
        job::Event::TransferStarted,
        job::Event::AllDrivesProcessed,
        job::Event::DrivesShippedBack,
    ] {
        outcomes += usize::from(machine.fire(event, &Facts(true)).is_ok());
    }
    // No transition from a final state.
    outcomes += usize::from(machine.fire(job::Event::Cancel, &Facts(true)).is_err());
    for from in job::State::ALL {
        for to in job::State::ALL {
            outcomes += usize::from(from.can_reach(to));
            outcomes += from.path_to(to).map_or(0, |p| p.len());
        }
    }
    let mut drive = drive::Machine::new(drive::Start::Import);
    outcomes += usize::from(drive.fire(drive::Event::DriveArrived, &()).is_ok());
    outcomes += usize::from(drive.fire(drive::Event::Fault, &()).is_ok());
    outcomes += usize::from(drive.fire(drive::Event::Resolve, &()).is_ok());

    let after = ALLOCATIONS.load(Ordering::SeqCst);
    assert_eq!(machine.state(), job::State::Completed);
    assert_eq!(drive.state(), drive::State::Received);
    assert!(outcomes > 20, "the calls above really ran ({outcomes})");
    assert_eq!(after - before, 0, "running the machines allocated");
}
