//! The `optgrid` binary: the command line of [`optgrid::cli`], which `python -m optgrid` runs too.

fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(optgrid::cli::main(std::env::args_os()))
}
