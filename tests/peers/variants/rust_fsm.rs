//! The job lifecycle for rust-fsm 0.8. Closest faithful form: rust-fsm has neither guards nor
//! history, so the guards' answers are folded into the inputs before timing (`MarkShipping`
//! when both of its guards hold, `MarkShippingRefused` otherwise; `DrivesShippedBack` split
//! by `no_errors`), and the fault state is one state per state it can be entered from
//! (`FaultedCreating`, ...), each resolving back to its own.

use machine_peers::{Step, Variant, job};

/// The inputs: the job's events, with the guard answers folded in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    UpdateJobProperties,
    MarkShipping,
    MarkShippingRefused,
    Cancel,
    AllDrivesReceived,
    TransferStarted,
    AllDrivesProcessed,
    DrivesShippedBackNoErrors,
    DrivesShippedBackErrors,
    CloseUnanswered,
    Fault,
    Resolve,
}

rust_fsm::state_machine! {
    #[state_machine(input(crate::variants::rust_fsm::Input))]
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub fsm(Creating)

    Creating => {
        UpdateJobProperties => Creating,
        MarkShipping => Shipping,
        Cancel => Creating,
        Fault => FaultedCreating,
    },
    Shipping => {
        Cancel => Shipping,
        AllDrivesReceived => Received,
        CloseUnanswered => Closed,
        Fault => FaultedShipping,
    },
    Received => {
        TransferStarted => Transferring,
        Fault => FaultedReceived,
    },
    Transferring => {
        AllDrivesProcessed => Packaging,
        Fault => FaultedTransferring,
    },
    Packaging => {
        DrivesShippedBackNoErrors => Completed,
        DrivesShippedBackErrors => Closed,
        Fault => FaultedPackaging,
    },
    FaultedCreating(Resolve) => Creating,
    FaultedShipping(Resolve) => Shipping,
    FaultedReceived(Resolve) => Received,
    FaultedTransferring(Resolve) => Transferring,
    FaultedPackaging(Resolve) => Packaging,
}

/// rust-fsm 0.8.
pub struct RustFsm;

impl Variant for RustFsm {
    const NAME: &'static str = "rust-fsm 0.8";
    type Input = Input;

    fn convert(step: Step) -> Input {
        let facts = step.facts;
        match step.event {
            job::Event::UpdateJobProperties => Input::UpdateJobProperties,
            job::Event::MarkShipping if facts.delivery_package_set && facts.return_address_set => {
                Input::MarkShipping
            }
            job::Event::MarkShipping => Input::MarkShippingRefused,
            job::Event::Cancel => Input::Cancel,
            job::Event::AllDrivesReceived => Input::AllDrivesReceived,
            job::Event::TransferStarted => Input::TransferStarted,
            job::Event::AllDrivesProcessed => Input::AllDrivesProcessed,
            job::Event::DrivesShippedBack if facts.no_errors => Input::DrivesShippedBackNoErrors,
            job::Event::DrivesShippedBack => Input::DrivesShippedBackErrors,
            job::Event::CloseUnanswered => Input::CloseUnanswered,
            job::Event::Fault => Input::Fault,
            job::Event::Resolve => Input::Resolve,
        }
    }

    fn run(trace: &[Vec<Input>]) {
        for lifecycle in trace {
            let mut machine = fsm::StateMachine::new();
            for input in lifecycle {
                let _ = std::hint::black_box(machine.consume(input));
            }
            std::hint::black_box(machine.state());
        }
    }

    fn states(trace: &[Vec<Input>]) -> Vec<job::State> {
        use fsm::State as S;
        let mut states = Vec::new();
        for lifecycle in trace {
            let mut machine = fsm::StateMachine::new();
            for input in lifecycle {
                let _ = machine.consume(input);
                states.push(match machine.state() {
                    S::Creating => job::State::Creating,
                    S::Shipping => job::State::Shipping,
                    S::Received => job::State::Received,
                    S::Transferring => job::State::Transferring,
                    S::Packaging => job::State::Packaging,
                    S::Completed => job::State::Completed,
                    S::Closed => job::State::Closed,
                    S::FaultedCreating
                    | S::FaultedShipping
                    | S::FaultedReceived
                    | S::FaultedTransferring
                    | S::FaultedPackaging => job::State::Faulted,
                });
            }
        }
        states
    }
}
