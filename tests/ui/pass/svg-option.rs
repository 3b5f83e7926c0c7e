// `svg = false` and `svg = true` after the spec: never, or always, the picture of the diagram in
// `State`'s rustdoc (by default, only for small figures). The API is the same either way.
#![deny(warnings)]

machine_macro::machine! {
    /// Without the picture: the DOT source only.
    #[allow(clippy::all)]
    mod plain = yaml "
machine: Plain
initial: A
states:
  A: {}
  B: { final: true }
events:
  Go: {}
transitions:
  - { from: A, on: Go, to: B }
", svg = false;
}

machine_macro::machine! {
    /// With the picture, whatever the figure's size.
    #[allow(clippy::all)]
    mod drawn = yaml "
machine: Drawn
initial: A
states:
  A: {}
  B: { final: true }
events:
  Go: {}
transitions:
  - { from: A, on: Go, to: B }
", svg = true;
}

fn main() {
    assert_eq!(plain::Machine::new().fire(plain::Event::Go, &()), Ok(plain::State::B));
    assert_eq!(drawn::Machine::new().fire(drawn::Event::Go, &()), Ok(drawn::State::B));
}
