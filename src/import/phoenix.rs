//! `actorgraph import phoenix`: the Phoenix actor and agent dictionaries of the PETRARCH2 event
//! coder, converted into RON rule packs.
//!
//! The flow: `lines` numbers and decodes each line; `actors` and `agents` read entries;
//! `convert` decides kinds, ids, roles and titles over all files at once (they refer to each
//! other); `render` writes each pack with its licence header. Lines that cannot be converted come
//! back as [`LineProblem`]s with file and line, for the caller to report.

mod actors;
mod agents;
mod codes;
mod convert;
mod lines;
mod names;
mod problem;
mod render;

use std::path::{Path, PathBuf};

pub use convert::{FileStats, IMPORTED_PRIORITY};
pub use problem::{ImportError, LineProblem, Outcome};

use crate::export::write::write_atomic;
use crate::rules::schema::RulePack;
use convert::{Contents, ReadDictionary};

/// A dictionary file to import: where it is, what it holds, and the licence notice that covers it.
#[derive(Debug, Clone)]
pub struct Dictionary {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
    pub licence: String,
}

/// One generated pack and the file it is written to.
#[derive(Debug)]
pub struct GeneratedPack {
    pub source: PathBuf,
    /// The output file name, `phoenix-countries.ron` for `Phoenix.Countries.actors.txt`.
    pub file_name: String,
    pub pack: RulePack,
    /// The whole file: header and RON.
    pub text: String,
    pub stats: FileStats,
}

/// The outcome of an import: a pack per input file, in input order, and every line problem in
/// file and line order.
#[derive(Debug)]
pub struct PhoenixImport {
    pub packs: Vec<GeneratedPack>,
    pub problems: Vec<LineProblem>,
    /// Alias spellings that name two or more generated actors (the compiler warns about each).
    pub shared_aliases: usize,
}

impl PhoenixImport {
    /// Lines (or parts of lines) left out of the packs.
    pub fn not_converted(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.outcome() == Outcome::NotConverted)
            .count()
    }

    /// Lines converted after a repair.
    pub fn repaired(&self) -> usize {
        self.problems
            .iter()
            .filter(|p| p.outcome() == Outcome::Repaired)
            .count()
    }
}

/// Reads the dictionary files, each with the MIT notice from its own header or, failing that,
/// from the `LICENSE` file beside it.
pub fn read_dictionaries(paths: &[PathBuf]) -> Result<Vec<Dictionary>, ImportError> {
    paths.iter().map(|path| read_dictionary(path)).collect()
}

fn read_dictionary(path: &Path) -> Result<Dictionary, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let licence = match lines::mit_notice(&bytes) {
        Some(notice) => notice,
        None => licence_beside(path)?,
    };
    Ok(Dictionary {
        path: path.to_path_buf(),
        bytes,
        licence,
    })
}

fn licence_beside(path: &Path) -> Result<String, ImportError> {
    let licence_path = path.parent().unwrap_or(Path::new(".")).join("LICENSE");
    let text = match std::fs::read_to_string(&licence_path) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(ImportError::NoLicence {
                path: path.to_path_buf(),
            });
        }
        Err(source) => {
            return Err(ImportError::Read {
                path: licence_path,
                source,
            });
        }
    };
    lines::mit_notice_in_licence(&text).ok_or_else(|| ImportError::NoLicence {
        path: path.to_path_buf(),
    })
}

/// Converts the dictionaries into packs. Needs no file system: the caller reads and writes.
pub fn import(dictionaries: &[Dictionary]) -> Result<PhoenixImport, ImportError> {
    if dictionaries.is_empty() {
        return Err(ImportError::NoInput);
    }
    let file_names = output_names(dictionaries)?;
    let mut problems = Vec::new();
    let mut read = Vec::with_capacity(dictionaries.len());
    for dictionary in dictionaries {
        let (contents, found) = read_contents(dictionary)?;
        problems.extend(found);
        read.push(ReadDictionary {
            path: dictionary.path.clone(),
            contents,
        });
    }
    let conversion = convert::convert(&read);
    problems.extend(conversion.problems);
    sort_by_file_and_line(&mut problems, dictionaries);
    let shared_aliases = convert::shared_aliases(&conversion.packs);
    let mut packs = Vec::with_capacity(dictionaries.len());
    for (((dictionary, pack), stats), file_name) in dictionaries
        .iter()
        .zip(conversion.packs)
        .zip(conversion.stats)
        .zip(file_names)
    {
        let source_name = dictionary.path.file_name().map_or_else(
            || dictionary.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let text = render::render(&pack, &source_name, &dictionary.licence).map_err(|err| ImportError::Render {
            path: dictionary.path.clone(),
            message: err.to_string(),
        })?;
        packs.push(GeneratedPack {
            source: dictionary.path.clone(),
            file_name,
            pack,
            text,
            stats,
        });
    }
    Ok(PhoenixImport {
        packs,
        problems,
        shared_aliases,
    })
}

/// Reads one file by its kind, which its name tells (`*.actors.txt`, `*agents*.txt`).
fn read_contents(dictionary: &Dictionary) -> Result<(Contents, Vec<LineProblem>), ImportError> {
    let name = dictionary
        .path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name.contains("agents") {
        let mut agents = agents::read_agents(&dictionary.path, &dictionary.bytes);
        let problems = std::mem::take(&mut agents.problems);
        Ok((Contents::Agents(agents), problems))
    } else if name.contains("actors") {
        let mut actors = actors::read_actors(&dictionary.path, &dictionary.bytes);
        let problems = std::mem::take(&mut actors.problems);
        Ok((Contents::Actors(actors), problems))
    } else {
        Err(ImportError::UnknownDictionary {
            path: dictionary.path.clone(),
        })
    }
}

/// `Phoenix.Countries.actors.txt` becomes `phoenix-countries.ron`, `Phoenix.agents.txt`
/// `phoenix-agents.ron`; two inputs may not share an output.
fn output_names(dictionaries: &[Dictionary]) -> Result<Vec<String>, ImportError> {
    let mut names: Vec<String> = Vec::with_capacity(dictionaries.len());
    for (index, dictionary) in dictionaries.iter().enumerate() {
        let name = output_name(&dictionary.path);
        if let Some(first) = names.iter().position(|n| *n == name) {
            return Err(ImportError::SameOutput {
                first: dictionaries[first].path.clone(),
                second: dictionaries[index].path.clone(),
                output: name,
            });
        }
        names.push(name);
    }
    Ok(names)
}

fn output_name(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let stem = name.strip_suffix(".txt").unwrap_or(&name);
    let stem = stem.strip_suffix(".actors").unwrap_or(stem);
    let mut slug = String::new();
    for c in stem.chars() {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    format!("{}.ron", slug.trim_matches('-'))
}

fn sort_by_file_and_line(problems: &mut [LineProblem], dictionaries: &[Dictionary]) {
    let file_index = |problem: &LineProblem| dictionaries.iter().position(|d| d.path == problem.location().0);
    problems.sort_by_key(|p| (file_index(p), p.location().1));
}

/// Writes every pack into `dir`, each atomically; returns the paths written.
pub fn write_packs(import: &PhoenixImport, dir: &Path) -> Result<Vec<PathBuf>, ImportError> {
    let mut written = Vec::with_capacity(import.packs.len());
    for pack in &import.packs {
        let path = dir.join(&pack.file_name);
        write_atomic(&path, pack.text.as_bytes()).map_err(|source| ImportError::Write {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compile::compile;
    use crate::rules::load::{LoadedPack, parse_pack};
    use crate::rules::schema::{ActorKind, ActorRule};

    const LICENCE: &str =
        "The MIT License (MIT)\n\nCopyright (c) 2014 Test\n\nTHE SOFTWARE IS PROVIDED \"AS IS\".\nTHE SOFTWARE.";

    const COUNTRIES: &str = "\
# A small countries file
KAZAKHSTAN_
+KAZAKSTAN_
+REPUBLIC_OF_KAZAKHSTAN_
+ALMATY_
\t[USRKAZ <911216]
\t[KAZ >911221]
DANIYAL_AKHMETOV_  # CountryInfo.txt
+DANIAL_AKHMETOV_
\t[KAZELI 720101-030613]
\t[KAZGOV 030613-070110]
\t[KAZGOVMIL 070201-090630]
\t[KAZGOV >090701]
\t[KAZELI]
RUSSIAN_FEDERATION_ [RUS]
+RUSSIA_
";

    const INTERNATIONAL: &str = "\
NATO_
+NORTH_ATLANTIC_TREATY_ORGANIZATION_
\t[IGOWSTNAT]
JAAP_DE_HOOP_SCHEFFER_\t[IGOWSTNAT 040105-090731] [NLDGOV 020722-031203]
U.N._ [IGOUNO]
";

    const AGENTS: &str = "\
!PERSON! = MAN, WOMAN, PERSON
!MINIST! = MINISTER, MINISTRY
CATTLE!PERSON! [~AGR]
DEFENSE_!MINIST! [~GOVMIL]
CHAMBER_OF_COMMERCE {CHAMBERS_OF_COMMERCE} [~BUS]
";

    const BROKEN: &str = "\
+ORPHAN_SYNONYM
GOOD_ [KAZGOV]
BAD_DATE_PERSON_
\t[KAZGOV 2004017-20061201]
\t[KAZGOV 090101-080101]
\t[KAZGOV >090101
NIG\u{FFFD}ERIA_ [NGA]
STRAY_NOTE_ [KAZ] junk
LAST_WITHOUT_CODE_
";

    fn dictionary(name: &str, text: &str) -> Dictionary {
        Dictionary {
            path: PathBuf::from(name),
            bytes: text.as_bytes().to_vec(),
            licence: LICENCE.to_string(),
        }
    }

    fn import_all() -> PhoenixImport {
        import(&[
            dictionary("Phoenix.Countries.actors.txt", COUNTRIES),
            dictionary("Phoenix.International.actors.txt", INTERNATIONAL),
            dictionary("Phoenix.agents.txt", AGENTS),
        ])
        .unwrap()
    }

    fn actor<'a>(import: &'a PhoenixImport, id: &str) -> &'a ActorRule {
        import
            .packs
            .iter()
            .flat_map(|p| &p.pack.actors)
            .find(|a| a.id == id)
            .unwrap_or_else(|| panic!("no actor {id}"))
    }

    #[test]
    fn a_country_takes_its_code_as_id_and_its_synonyms_as_aliases() {
        let import = import_all();
        let kaz = actor(&import, "KAZ");
        assert_eq!(kaz.kind, ActorKind::Country);
        assert_eq!(kaz.label, "Kazakhstan");
        assert_eq!(kaz.code.as_deref(), Some("KAZ"));
        assert_eq!(
            kaz.aliases,
            ["Kazakhstan", "Kazakstan", "Republic of Kazakhstan", "Almaty"]
        );
        // Its Soviet-era code has no place in the schema, and is reported on its own line.
        assert!(
            import
                .problems
                .iter()
                .any(|p| matches!(p, LineProblem::FormerCode { line: 6, .. }))
        );
    }

    #[test]
    fn a_person_gets_a_role_for_each_dated_code() {
        let import = import_all();
        let akhmetov = actor(&import, "phx:daniyal-akhmetov");
        assert_eq!(akhmetov.kind, ActorKind::Person);
        assert_eq!(akhmetov.label, "Daniyal Akhmetov");
        assert_eq!(akhmetov.code.as_deref(), Some("KAZELI"));
        assert_eq!(akhmetov.aliases, ["Daniyal Akhmetov", "Danial Akhmetov"]);
        let roles: Vec<(&str, &str, Option<&str>, Option<&str>)> = akhmetov
            .roles
            .iter()
            .map(|r| (r.title.as_str(), r.of.as_str(), r.from.as_deref(), r.to.as_deref()))
            .collect();
        assert_eq!(
            roles,
            [
                ("phx-eli", "KAZ", Some("1972-01-01"), Some("2003-06-13")),
                ("phx-gov", "KAZ", Some("2003-06-13"), Some("2007-01-10")),
                ("phx-govmil", "KAZ", Some("2007-02-01"), Some("2009-06-30")),
                ("phx-gov", "KAZ", Some("2009-07-01"), None),
            ]
        );
        let titles = &import.packs[0].pack.titles;
        let govmil = titles.iter().find(|t| t.id == "phx-govmil").unwrap();
        assert_eq!(govmil.label, "Government (military)");
        assert_eq!(govmil.agent.as_deref(), Some("GOVMIL"));
    }

    #[test]
    fn an_igo_is_an_organisation_that_roles_point_to() {
        let import = import_all();
        let nato = actor(&import, "phx:nato");
        assert_eq!(nato.kind, ActorKind::Organization);
        assert_eq!(nato.code.as_deref(), Some("IGOWSTNAT"));
        assert_eq!(nato.aliases, ["NATO", "North Atlantic Treaty Organization"]);
        let de_hoop = actor(&import, "phx:jaap-de-hoop-scheffer");
        assert_eq!(de_hoop.label, "Jaap de Hoop Scheffer");
        let serves: Vec<(&str, &str)> = de_hoop
            .roles
            .iter()
            .map(|r| (r.of.as_str(), r.title.as_str()))
            .collect();
        assert_eq!(serves, [("phx:nato", "phx-official")]);
        // The Netherlands is in no input: that role cannot point anywhere and is reported.
        assert!(
            import
                .problems
                .iter()
                .any(|p| matches!(p, LineProblem::UnresolvedRole { line: 4, text, .. } if text.starts_with("NLDGOV")))
        );
        assert_eq!(actor(&import, "phx:u-n").aliases, ["U.N."]);
    }

    #[test]
    fn a_bare_agent_noun_is_no_alias_of_one_body() {
        let countries =
            "UNITED_STATES_CONGRESS_\n+SENATE_\n+US_SENATE_\n\t[USAGOVLEG]\nSENATE_ONLY_BODY_\n\t[XYZLEG]\n";
        let agents = "SENATE_ [~LEG]\nSENATE_ONLY_BODY_ [~LEG]\n";
        let import = import(&[
            dictionary("Phoenix.Countries.actors.txt", countries),
            dictionary("Phoenix.agents.txt", agents),
        ])
        .unwrap();
        let congress = actor(&import, "phx:united-states-congress");
        assert_eq!(congress.aliases, ["United States Congress", "US Senate"]);
        // A body known by nothing else keeps its one name.
        assert_eq!(actor(&import, "phx:senate-only-body").aliases, ["Senate Only Body"]);
    }

    #[test]
    fn an_office_of_a_state_is_no_alias() {
        let countries = "UNITED_STATES_\n+AMERICAN_\n\t[USA]\nPRESIDENT_OF_THE_UNITED_STATES_\n+AMERICAN_PRESIDENT_\n+POTUS_\n\t[USAGOV]\nWHITE_HOUSE_\n+WHITE_HOUSE_PRESIDENT_\n\t[USAGOV]\n";
        let agents = "PRESIDENT_ [~GOV]\n";
        let import = import(&[
            dictionary("Phoenix.Countries.actors.txt", countries),
            dictionary("Phoenix.agents.txt", agents),
        ])
        .unwrap();
        let office = import.packs[0]
            .pack
            .actors
            .iter()
            .find(|a| a.label.starts_with("President"))
            .unwrap();
        assert_eq!(office.aliases, ["POTUS"]);
        let house = import.packs[0]
            .pack
            .actors
            .iter()
            .find(|a| a.label == "White House")
            .unwrap();
        assert_eq!(house.aliases, ["White House", "White House President"]);
        // Named by offices alone, an entry is an office, and no actor.
        let only_offices = "UNITED_STATES_\n+US_\n\t[USA]\nUS_PRESIDENT_\n+THE_UNITED_STATES_PRESIDENT_\n\t[USAGOV]\n";
        let offices = super::import(&[
            dictionary("Phoenix.Countries.actors.txt", only_offices),
            dictionary("Phoenix.agents.txt", agents),
        ])
        .unwrap();
        let labels: Vec<&str> = offices.packs[0].pack.actors.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(labels, ["United States"]);
    }

    #[test]
    fn agents_become_titles_with_their_substitutions_expanded() {
        let import = import_all();
        let titles = &import.packs[2].pack.titles;
        let cattle = titles.iter().find(|t| t.id == "phx-agent:cattleman").unwrap();
        assert_eq!(cattle.label, "Cattleman");
        assert_eq!(cattle.aliases, ["Cattlewoman", "Cattleperson"]);
        assert_eq!(cattle.agent.as_deref(), Some("AGR"));
        let defense = titles.iter().find(|t| t.id == "phx-agent:defense-minister").unwrap();
        assert_eq!(defense.aliases, ["Defense Ministry"]);
        assert_eq!(defense.agent.as_deref(), Some("GOVMIL"));
        let chamber = titles.iter().find(|t| t.id == "phx-agent:chamber-of-commerce").unwrap();
        assert_eq!(chamber.aliases, ["Chambers of Commerce"]);
    }

    #[test]
    fn malformed_lines_are_reported_with_their_line_numbers() {
        let import = import(&[dictionary("Broken.actors.txt", BROKEN)]).unwrap();
        let reported: Vec<(usize, &'static str)> = import
            .problems
            .iter()
            .map(|p| {
                let kind = match p {
                    LineProblem::SynonymWithoutEntry { .. } => "synonym without entry",
                    LineProblem::BadDate { .. } => "bad date",
                    LineProblem::ReversedPeriod { .. } => "reversed period",
                    LineProblem::UnclosedBracket { .. } => "unclosed bracket",
                    LineProblem::LostCharacter { .. } => "lost character",
                    LineProblem::CodeOfUnnamedEntry { .. } => "code of unnamed entry",
                    LineProblem::TextAmongCodes { .. } => "text among codes",
                    LineProblem::EntryWithoutCode { .. } => "entry without code",
                    other => panic!("unexpected {other}"),
                };
                (p.location().1, kind)
            })
            .collect();
        assert_eq!(
            reported,
            [
                (1, "synonym without entry"),
                (4, "bad date"),
                (5, "reversed period"),
                (6, "unclosed bracket"),
                (7, "lost character"),
                (7, "code of unnamed entry"),
                (8, "text among codes"),
                (9, "entry without code"),
            ]
        );
        assert_eq!(import.not_converted(), 8);
        let message = import.problems[1].to_string();
        // Its codes were all rejected, but its name still makes an actor.
        let kept = &import.packs[0].pack.actors;
        assert!(kept.iter().any(|a| a.id == "phx:bad-date-person" && a.code.is_none()));
        assert!(
            message.starts_with("Broken.actors.txt:4: `[KAZGOV 2004017-20061201]`"),
            "{message}"
        );
    }

    #[test]
    fn the_packs_load_and_compile_without_errors() {
        let import = import_all();
        let loaded: Vec<LoadedPack> = import
            .packs
            .iter()
            .map(|generated| {
                let path = PathBuf::from(&generated.file_name);
                let pack = parse_pack(&path, &generated.text).unwrap_or_else(|d| panic!("{d}"));
                LoadedPack {
                    path,
                    source: generated.text.clone(),
                    pack,
                }
            })
            .collect();
        let (rulebook, diagnostics) = compile(&loaded);
        let errors: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| d.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let rulebook = rulebook.unwrap();
        assert!(rulebook.actor_ids.contains_key("KAZ"));
    }

    #[test]
    fn a_pack_loads_back_into_what_was_written() {
        let import = import_all();
        for generated in &import.packs {
            let back = parse_pack(Path::new("t.ron"), &generated.text).unwrap_or_else(|d| panic!("{d}"));
            assert_eq!(back.priority, IMPORTED_PRIORITY);
            assert_eq!(format!("{:?}", back.actors), format!("{:?}", generated.pack.actors));
            assert_eq!(format!("{:?}", back.titles), format!("{:?}", generated.pack.titles));
        }
    }

    #[test]
    fn output_is_the_same_bytes_every_run_and_carries_the_licence() {
        let first = import_all();
        let second = import_all();
        for (a, b) in first.packs.iter().zip(&second.packs) {
            assert_eq!(a.text, b.text);
            assert!(a.text.starts_with("// Generated by `actorgraph import phoenix` from "));
            assert!(a.text.contains("Do not edit this file by hand"));
            assert!(
                a.text
                    .contains("// The MIT License (MIT)\n//\n// Copyright (c) 2014 Test\n")
            );
        }
        assert_eq!(first.packs[0].file_name, "phoenix-countries.ron");
        assert_eq!(first.packs[2].file_name, "phoenix-agents.ron");
    }

    #[test]
    fn entries_that_name_one_body_become_one_actor() {
        let text = "THE_UNITED_NATIONS_ [IGOUNO]\nUN_ [IGOUNO]\nUNITED_NATIONS_ [IGOUNO]\n\
                    BAN_KI-MOON_ [IGOUNO >20070101]\n";
        let import = import(&[dictionary("Un.actors.txt", text)]).unwrap();
        let actors = &import.packs[0].pack.actors;
        assert_eq!(actors.len(), 2, "{actors:#?}");
        let un = actor(&import, "phx:the-united-nations");
        assert_eq!(un.aliases, ["the United Nations", "UN", "United Nations"]);
        let ban = actor(&import, "phx:ban-ki-moon");
        assert_eq!(ban.roles[0].of, "phx:the-united-nations");
        assert_eq!(import.packs[0].stats.merged_entries, 2);
    }

    #[test]
    fn a_person_listed_twice_is_one_person() {
        let text = "XI_JINPING_\n\t[CHNGOV >080401]\nXI_JINPING_\n+PRESIDENT_XI_JINPING\n\t[CHNGOV >121115]\n\
                    CHINA_ [CHN]\n";
        let import = import(&[dictionary("Chn.actors.txt", text)]).unwrap();
        let xi = actor(&import, "phx:xi-jinping");
        assert_eq!(xi.aliases, ["Xi Jinping", "President Xi Jinping"]);
        assert_eq!(xi.roles.len(), 2);
    }

    #[test]
    fn two_inputs_for_one_output_are_refused() {
        let twice = [
            dictionary("a/Phoenix.agents.txt", AGENTS),
            dictionary("b/Phoenix.agents.txt", AGENTS),
        ];
        assert!(matches!(import(&twice), Err(ImportError::SameOutput { .. })));
        assert!(matches!(
            import(&[dictionary("notes.txt", "")]),
            Err(ImportError::UnknownDictionary { .. })
        ));
    }
}
