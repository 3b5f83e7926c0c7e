// A spec with named durations: the user implements `Durations`, as `Guards`, and a service
// schedules the running timers from `Machine::running` with the values it supplies.
#![deny(warnings)]

use std::time::Duration;

machine_macro::machine! {
    mod authorization = "ui-spec/named-durations.yaml";
}

use authorization::{Durations, Event, Machine, NamedDuration, State, Timer};

struct Network {
    hold_days: u64,
}

impl Durations for Network {
    fn authorization_window(&self) -> Duration {
        Duration::from_secs(self.hold_days * 24 * 3600)
    }

    fn retry_interval(&self) -> Duration {
        Duration::from_secs(3600)
    }
}

fn main() {
    let network = Network { hold_days: 7 };
    let window = Timer::Authorized.timeout();
    assert_eq!(window.named, Some(NamedDuration::AuthorizationWindow));
    assert_eq!(window.after, Duration::ZERO);
    assert_eq!(window.after_text, "authorization_window");
    assert_eq!(window.duration(&network), Duration::from_secs(7 * 24 * 3600));
    assert_eq!(Timer::Captured.timeout().duration(&network), Duration::from_secs(90 * 24 * 3600));

    let mut machine = Machine::new();
    let due: Vec<(Timer, u64, Duration)> =
        machine.running().map(|r| (r.timer, r.since, r.after(&network))).collect();
    assert_eq!(due, [(Timer::Authorized, 0, Duration::from_secs(7 * 24 * 3600))]);

    machine.fire(Event::Decline, &()).unwrap();
    let step = machine.expire(Timer::Retrying).unwrap();
    assert_eq!((step.from, step.to, step.entered()), (State::Retrying, State::Retrying, false));
    assert_eq!(machine.running().count(), 0, "a notify timer expires once per start");
    let step = machine.step(Event::Retry, &()).unwrap();
    assert!(step.restarts(Timer::Retrying));
    assert_eq!(machine.running().map(|r| r.since).collect::<Vec<_>>(), [3]);
}
