//! rollup: reads `YYYY-MM-DD,amount` lines (a header line is skipped) and prints one total per month.
use std::collections::BTreeMap;
use std::env;
use std::fs;
use std::io::{self, Read};
use std::process::ExitCode;

const SAMPLE: &str = "date,amount\n2024-01-03,12.50\n2024-01-19,7.25\n2024-02-01,100\n2024-02-29,-20.5\nnot a line\n";

/// Totals in cents per month, and the number of lines that could not be read.
fn rollup(text: &str) -> (BTreeMap<String, i64>, usize) {
    let mut months = BTreeMap::new();
    let mut skipped = 0;
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || (i == 0 && line.starts_with("date")) {
            continue;
        }
        match parse(line) {
            Some((month, cents)) => *months.entry(month).or_insert(0) += cents,
            None => skipped += 1,
        }
    }
    (months, skipped)
}

fn parse(line: &str) -> Option<(String, i64)> {
    let (date, amount) = line.split_once(',')?;
    if date.len() != 10 || date.as_bytes()[4] != b'-' || date.as_bytes()[7] != b'-' {
        return None;
    }
    let cents = (amount.trim().parse::<f64>().ok()? * 100.0).round() as i64;
    Some((date[..7].to_string(), cents))
}

fn print(months: &BTreeMap<String, i64>, skipped: usize) {
    for (month, cents) in months {
        let sign = if *cents < 0 { "-" } else { "" };
        println!("{month}: {sign}{}.{:02}", cents.abs() / 100, cents.abs() % 100);
    }
    if skipped > 0 {
        println!("skipped: {skipped} line(s)");
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let text = match args.first().map(String::as_str) {
        Some("--version") => {
            println!("rollup {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Some("--self-test") => SAMPLE.to_string(),
        Some("-") | None => {
            let mut input = String::new();
            if let Err(err) = io::stdin().read_to_string(&mut input) {
                eprintln!("rollup: stdin: {err}");
                return ExitCode::from(2);
            }
            input
        }
        Some(path) => match fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) => {
                eprintln!("rollup: {path}: {err}");
                return ExitCode::from(2);
            }
        },
    };
    let (months, skipped) = rollup(&text);
    print(&months, skipped);
    ExitCode::SUCCESS
}
