//! `socklab exercises`: the graded exercises of `docs/exercises/`, built
//! into the command (by build.rs), so that an installed `socklab` hands
//! out the pages and their starters without the repository.

use std::io::Write;

use clap::ValueEnum;

/// The pages (`NN-name.md`) and the starters (`name.rs`, `name.c`):
/// (file name, text), in name order.
type Files = &'static [(&'static str, &'static str)];
const EXERCISES: (Files, Files) = include!(concat!(env!("OUT_DIR"), "/exercises.rs"));

/// The arguments of `socklab exercises`.
#[derive(clap::Args)]
#[command(after_help = "Examples:\n  \
    socklab exercises                       # every exercise and its grading command\n  \
    socklab exercises 3                     # exercise 03's page\n  \
    socklab exercises 3 --starter rs        # writes echo_server.rs here\n  \
    socklab exercises 3 --starter c         # writes echo_server.c here")]
pub struct ExercisesArgs {
    /// The exercise to show, by number (3 or 03); none: list them all.
    #[arg(value_name = "N")]
    pub number: Option<u32>,
    /// Write the exercise's starter program into the current directory
    /// (never over an existing file).
    #[arg(long, value_enum, value_name = "LANG", requires = "number")]
    pub starter: Option<Lang>,
}

/// A starter's language.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Lang {
    /// The Rust starter (a program using socklab).
    Rs,
    /// The C starter, written the way the book writes C.
    C,
}

/// One exercise, read from its page.
pub struct Exercise {
    /// Its number (`3` for `03-forking-echo-server.md`).
    pub number: u32,
    /// The title, after "Exercise NN — ".
    pub title: String,
    /// The page's first `socklab check` command.
    pub grading: String,
    /// The Rust starter's file name (`echo_server.rs`).
    pub starter: String,
    /// The whole page.
    pub page: &'static str,
}

/// Every exercise, in order.
pub fn exercises() -> Vec<Exercise> {
    EXERCISES
        .0
        .iter()
        .filter_map(|(file, page)| {
            let number = file.get(..2)?.parse().ok()?;
            let first = page.lines().next().unwrap_or("");
            let title = first
                .split_once(" — ")
                .map_or(first, |(_, t)| t)
                .trim()
                .to_string();
            let grading = page
                .lines()
                .map(str::trim)
                .find(|l| l.starts_with("socklab check "))
                .unwrap_or("")
                .to_string();
            let starter = page
                .split("starters/")
                .nth(1)
                .and_then(|rest| rest.split(['`', ')', ' ']).next())
                .unwrap_or("")
                .to_string();
            Some(Exercise {
                number,
                title,
                grading,
                starter,
                page,
            })
        })
        .collect()
}

/// A starter's text, by file name.
pub fn starter(name: &str) -> Option<&'static str> {
    EXERCISES.1.iter().find(|(n, _)| *n == name).map(|f| f.1)
}

fn out(text: &str) -> i32 {
    let mut stdout = std::io::stdout();
    match stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        Ok(()) => 0,
        Err(_) => 1,
    }
}

/// Runs `socklab exercises`; returns the exit status.
pub fn run(args: &ExercisesArgs) -> i32 {
    let all = exercises();
    let Some(n) = args.number else {
        let mut text = String::new();
        for e in &all {
            text += &format!("{:02} — {}\n    {}\n", e.number, e.title, e.grading);
        }
        text += &format!(
            "{} exercises: `socklab exercises N` shows one, `--starter rs|c` writes its starter\n",
            all.len()
        );
        return out(&text);
    };
    let Some(e) = all.iter().find(|e| e.number == n) else {
        eprintln!(
            "socklab exercises: no exercise {n} (there are {}: `socklab exercises` lists them)",
            all.len()
        );
        return 1;
    };
    let Some(lang) = args.starter else {
        return out(e.page);
    };
    let name = match lang {
        Lang::Rs => e.starter.clone(),
        Lang::C => e.starter.replace(".rs", ".c"),
    };
    let Some(text) = starter(&name) else {
        eprintln!("socklab exercises: exercise {n} has no starter {name}");
        return 1;
    };
    let created = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&name)
        .and_then(|mut f| f.write_all(text.as_bytes()));
    match created {
        Ok(()) => {
            // the pages grade the Rust build (target/debug/NAME); a C
            // program is built here
            let grading = match lang {
                Lang::Rs => e.grading.clone(),
                Lang::C => e.grading.replace("target/debug/", "./"),
            };
            out(&format!(
                "wrote {name} (exercise {n:02}: {})\ngrade it with: {grading}\n",
                e.title
            ))
        }
        Err(err) => {
            eprintln!("socklab exercises: {name}: {err} (nothing written)");
            1
        }
    }
}
