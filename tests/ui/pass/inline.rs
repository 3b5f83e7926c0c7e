// An inline spec without guards, incidents or fault: `Guards` is implemented for every type,
// so `&()` will do; the module's visibility and attributes come from the call.
#![deny(warnings)]

machine_macro::machine! {
    /// A light.
    #[allow(clippy::all)]
    pub(crate) mod light = yaml "
machine: Light
initial: Off
states:
  Off: { doc: Dark. }
  On: { doc: Lit., wire: LIGHT_ON }
  Broken: { final: true }
events:
  Flip: {}
  Smash: {}
transitions:
  - { from: Off, on: Flip, to: On }
  - { from: On, on: Flip, to: Off }
  - { from: '*', on: Smash, to: Broken }
";
}

fn main() {
    let mut machine = light::Machine::new();
    assert_eq!(machine.fire(light::Event::Flip, &()), Ok(light::State::On));
    assert_eq!(light::State::On.to_string(), "LIGHT_ON");
    assert_eq!("LIGHT_ON".parse(), Ok(light::State::On));
    assert!("On".parse::<light::State>().is_err());
    assert_eq!(machine.fire(light::Event::Smash, &()), Ok(light::State::Broken));
    let error = machine.fire(light::Event::Flip, &()).unwrap_err();
    assert_eq!(error.refusal, light::Refusal::NoTransition);
    assert_eq!(error.to_string(), "Light refused event `Flip` in state `Broken`: no transition handles it there");
    assert!(light::State::Off.can_reach(light::State::Broken));
    assert!(!light::State::Broken.can_reach(light::State::Off));
    assert_eq!(light::State::Off.path_to(light::State::Broken).map(|p| p.len()), Some(1));
    assert!(light::State::Broken.incidents_free());
}

trait IncidentsFree {
    fn incidents_free(self) -> bool;
}

impl IncidentsFree for light::State {
    /// This spec has no incidents, so the module has no `Incident` type; timeouts exist as data.
    fn incidents_free(self) -> bool {
        self.timeouts().is_empty()
    }
}
