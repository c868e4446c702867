//! The backup file: a first line naming the format, a second line with the
//! manifest as JSON, then the database file itself, gzip-compressed or not.
//! Everything needed to judge a file (which application, which schema,
//! how long and which bytes) is in the manifest, read before the payload.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::BackupError;

/// The first line of every chibo backup; a new layout takes a new number.
pub const MAGIC: &[u8] = b"CHIBO-BACKUP 1\n";
/// The first bytes of any SQLite database, to name a database given
/// where a backup was expected.
const SQLITE_MAGIC: &[u8] = b"SQLite format 3\0";
/// A manifest is a few kilobytes; a longer second line is not ours.
const MANIFEST_MAX: u64 = 1024 * 1024;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Compression {
    None,
    Gzip,
}

/// What a backup holds, written before its payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// Always "chibo".
    pub application: String,
    /// The schema version (the highest migration applied).
    pub schema_version: i64,
    /// When the snapshot was taken, Unix seconds (UTC).
    pub created_at: i64,
    /// The chibo release that wrote it.
    pub chibo_version: String,
    pub compression: Compression,
    /// The database file's length and SHA-256 once decompressed.
    pub database_bytes: u64,
    pub database_sha256: String,
    /// Rows of every table in the snapshot.
    pub tables: BTreeMap<String, i64>,
}

pub fn sha256_hex(digest: impl AsRef<[u8]>) -> String {
    digest.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> BackupError + '_ {
    move |source| BackupError::Io {
        path: path.display().to_string(),
        source,
    }
}

/// Writes the archive at `to` from the database file at `database`.
pub fn write(to: &Path, manifest: &Manifest, database: &Path) -> Result<(), BackupError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    // A backup holds every member's record: readable by its owner only,
    // whatever the umask of whoever runs the command.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut out = std::io::BufWriter::new(options.open(to).map_err(io(to))?);
    out.write_all(MAGIC).map_err(io(to))?;
    let json = serde_json::to_string(manifest).map_err(|e| BackupError::Io {
        path: to.display().to_string(),
        source: std::io::Error::other(e),
    })?;
    out.write_all(json.as_bytes()).map_err(io(to))?;
    out.write_all(b"\n").map_err(io(to))?;
    let mut input = File::open(database).map_err(io(database))?;
    let out = match manifest.compression {
        Compression::None => {
            std::io::copy(&mut input, &mut out).map_err(io(to))?;
            out
        }
        Compression::Gzip => {
            let mut encoder = flate2::write::GzEncoder::new(out, flate2::Compression::new(6));
            std::io::copy(&mut input, &mut encoder).map_err(io(to))?;
            encoder.finish().map_err(io(to))?
        }
    };
    sync(out, to)
}

/// Flushes a written file to the disk before it is renamed into place.
fn sync(mut out: std::io::BufWriter<File>, path: &Path) -> Result<(), BackupError> {
    out.flush().map_err(io(path))?;
    out.into_inner()
        .map_err(|e| io(path)(e.into_error()))?
        .sync_all()
        .map_err(io(path))
}

/// Reads the manifest of the archive at `from`, leaving the reader at the
/// payload's first byte.
pub fn open(from: &Path) -> Result<(Manifest, BufReader<File>), BackupError> {
    let mut input = BufReader::new(File::open(from).map_err(io(from))?);
    let mut magic = vec![0; MAGIC.len().max(SQLITE_MAGIC.len())];
    let mut got = 0;
    while got < magic.len() {
        match input.read(&mut magic[got..]).map_err(io(from))? {
            0 => break,
            n => got += n,
        }
    }
    let magic = &magic[..got];
    if magic.starts_with(SQLITE_MAGIC) {
        return Err(BackupError::PlainDatabase);
    }
    if !magic.starts_with(MAGIC) {
        return Err(BackupError::NotABackup);
    }
    // The read went past the first line by the difference of the lengths.
    let mut line = magic[MAGIC.len()..].to_vec();
    (&mut input)
        .take(MANIFEST_MAX)
        .read_until(b'\n', &mut line)
        .map_err(io(from))?;
    if line.last() != Some(&b'\n') {
        return Err(BackupError::Truncated);
    }
    let manifest: Manifest = serde_json::from_slice(&line).map_err(|_| BackupError::NotABackup)?;
    if manifest.application != "chibo" {
        return Err(BackupError::NotABackup);
    }
    Ok((manifest, input))
}

/// Writes the payload of an archive opened with [`open`] to the file at
/// `to`, checking its length and SHA-256 against the manifest.
pub fn extract(
    manifest: &Manifest,
    payload: BufReader<File>,
    to: &Path,
) -> Result<(), BackupError> {
    let mut out = std::io::BufWriter::new(File::create(to).map_err(io(to))?);
    copy_payload(manifest, payload, &mut out)?;
    sync(out, to)
}

/// Streams the payload into `out`, decompressed, refusing it unless its
/// length and SHA-256 are the manifest's.
pub fn copy_payload(
    manifest: &Manifest,
    payload: BufReader<File>,
    out: &mut dyn Write,
) -> Result<(), BackupError> {
    let mut reader: Box<dyn Read> = match manifest.compression {
        Compression::None => Box::new(payload),
        Compression::Gzip => Box::new(flate2::bufread::GzDecoder::new(payload)),
    };
    let written_to = Path::new("-");
    let mut hasher = Sha256::new();
    let mut written: u64 = 0;
    let mut buffer = vec![0; 256 * 1024];
    loop {
        let n = match reader.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            // A gzip stream cut short or altered.
            Err(e)
                if matches!(
                    e.kind(),
                    std::io::ErrorKind::InvalidData
                        | std::io::ErrorKind::InvalidInput
                        | std::io::ErrorKind::UnexpectedEof
                ) =>
            {
                return Err(BackupError::Truncated);
            }
            Err(e) => return Err(io(written_to)(e)),
        };
        written += n as u64;
        if written > manifest.database_bytes {
            return Err(BackupError::Truncated);
        }
        hasher.update(&buffer[..n]);
        out.write_all(&buffer[..n]).map_err(io(written_to))?;
    }
    if written != manifest.database_bytes
        || sha256_hex(hasher.finalize()) != manifest.database_sha256
    {
        return Err(BackupError::Truncated);
    }
    Ok(())
}

/// The SHA-256 and length of a file.
pub fn digest(path: &Path) -> Result<(String, u64), BackupError> {
    let mut input = File::open(path).map_err(io(path))?;
    let mut hasher = Sha256::new();
    let mut bytes: u64 = 0;
    let mut buffer = vec![0; 256 * 1024];
    loop {
        match input.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&buffer[..n]);
                bytes += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(io(path)(e)),
        }
    }
    Ok((sha256_hex(hasher.finalize()), bytes))
}
