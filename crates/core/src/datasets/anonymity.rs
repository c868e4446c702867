//! k-anonymity of the cells a dataset describes. The quasi-identifiers are
//! a cell's sector, size band and district: together they could single a
//! cell out to anyone who knows the city. Every combination released is
//! shared by at least k cells; where one is not, the cells' size band is
//! coarsened to "any", then their district to "other", and cells still in
//! a combination of fewer than k are withheld.

use std::collections::HashMap;

/// The smallest number of cells that may share a released combination of
/// quasi-identifiers. Named in the codebook's notes.
pub const K_ANONYMITY: usize = 5;

/// A size band or district after coarsening.
pub const ANY_SIZE: &str = "any";
pub const OTHER_DISTRICT: &str = "other";

/// A cell's quasi-identifiers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QuasiIdentifiers {
    pub sector: String,
    pub size_band: String,
    pub district: String,
}

/// What [`k_anonymize`] released: for each cell in the order given, its
/// quasi-identifiers as released, or `None` when the cell is withheld.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Released {
    pub cells: Vec<Option<QuasiIdentifiers>>,
    /// Cells whose size band became "any" (and were released).
    pub size_coarsened: usize,
    /// Cells whose district became "other" (and were released).
    pub district_coarsened: usize,
    /// Cells withheld with all their rows.
    pub suppressed: usize,
}

fn counts<'a>(
    cells: impl Iterator<Item = &'a QuasiIdentifiers>,
) -> HashMap<&'a QuasiIdentifiers, usize> {
    let mut counts = HashMap::new();
    for cell in cells {
        *counts.entry(cell).or_default() += 1;
    }
    counts
}

/// Coarsens, with `coarsen`, every cell whose combination has fewer than
/// `k` cells.
fn coarsen_small(
    cells: &mut [QuasiIdentifiers],
    k: usize,
    coarsen: impl Fn(&mut QuasiIdentifiers),
) {
    let small: Vec<bool> = {
        let counts = counts(cells.iter());
        cells
            .iter()
            .map(|c| counts.get(c).copied().unwrap_or(0) < k)
            .collect()
    };
    for (cell, small) in cells.iter_mut().zip(small) {
        if small {
            coarsen(cell);
        }
    }
}

/// Releases `cells` so that every combination of quasi-identifiers is
/// shared by at least `k` of the released cells (local recoding: only the
/// cells of small combinations lose detail).
pub fn k_anonymize(cells: &[QuasiIdentifiers], k: usize) -> Released {
    let mut out: Vec<QuasiIdentifiers> = cells.to_vec();
    coarsen_small(&mut out, k, |c| c.size_band = ANY_SIZE.to_owned());
    coarsen_small(&mut out, k, |c| {
        c.size_band = ANY_SIZE.to_owned();
        c.district = OTHER_DISTRICT.to_owned();
    });
    let final_counts: HashMap<QuasiIdentifiers, usize> = counts(out.iter())
        .into_iter()
        .map(|(c, n)| (c.clone(), n))
        .collect();
    let mut released = Released {
        cells: Vec::with_capacity(out.len()),
        size_coarsened: 0,
        district_coarsened: 0,
        suppressed: 0,
    };
    for (original, now) in cells.iter().zip(out) {
        if final_counts.get(&now).copied().unwrap_or(0) < k {
            released.suppressed += 1;
            released.cells.push(None);
            continue;
        }
        if now.size_band != original.size_band {
            released.size_coarsened += 1;
        }
        if now.district != original.district {
            released.district_coarsened += 1;
        }
        released.cells.push(Some(now));
    }
    released
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn q(sector: &str, size: &str, district: &str) -> QuasiIdentifiers {
        QuasiIdentifiers {
            sector: sector.to_owned(),
            size_band: size.to_owned(),
            district: district.to_owned(),
        }
    }

    fn holds(released: &Released, k: usize) -> bool {
        let counts = counts(released.cells.iter().flatten());
        counts.values().all(|n| *n >= k)
    }

    #[test]
    fn large_combinations_keep_their_detail() {
        let cells = vec![q("commune", "10-19", "CT.NK"); 5];
        let released = k_anonymize(&cells, 5);
        assert_eq!(
            released.cells,
            cells.into_iter().map(Some).collect::<Vec<_>>()
        );
        assert_eq!(
            (
                released.size_coarsened,
                released.district_coarsened,
                released.suppressed
            ),
            (0, 0, 0)
        );
    }

    #[test]
    fn the_size_band_goes_first_then_the_district_then_the_cell() {
        let mut cells = vec![q("commune", "10-19", "CT.NK"); 3];
        cells.extend(vec![q("commune", "20-29", "CT.NK"); 2]);
        cells.extend(vec![q("commune", "10-19", "CT.BT"); 2]);
        cells.extend(vec![q("commune", "10-19", "CT.CR"); 3]);
        cells.push(q("police", "10-19", "CT.NK"));
        let released = k_anonymize(&cells, 5);
        // Ninh Kiều's five commune cells share a district once the band goes.
        assert_eq!(released.cells[0], Some(q("commune", ANY_SIZE, "CT.NK")));
        assert_eq!(released.cells[4], Some(q("commune", ANY_SIZE, "CT.NK")));
        // Bình Thủy's two and Cái Răng's three make five in "other".
        assert_eq!(
            released.cells[5],
            Some(q("commune", ANY_SIZE, OTHER_DISTRICT))
        );
        assert_eq!(
            released.cells[9],
            Some(q("commune", ANY_SIZE, OTHER_DISTRICT))
        );
        // The one police cell cannot hide: withheld.
        assert_eq!(released.cells[10], None);
        assert_eq!(released.size_coarsened, 10);
        assert_eq!(released.district_coarsened, 5);
        assert_eq!(released.suppressed, 1);
        assert!(holds(&released, 5));
    }

    #[test]
    fn fewer_than_k_cells_release_nothing() {
        let cells = vec![q("commune", "10-19", "CT.NK"); 4];
        let released = k_anonymize(&cells, K_ANONYMITY);
        assert!(released.cells.iter().all(Option::is_none));
        assert_eq!(released.suppressed, 4);
    }

    proptest! {
        #[test]
        fn every_released_combination_has_k_cells(
            raw in proptest::collection::vec((0..3u8, 0..4u8, 0..5u8), 0..80),
            k in 1..8usize,
        ) {
            let cells: Vec<QuasiIdentifiers> = raw
                .iter()
                .map(|(s, b, d)| q(&format!("s{s}"), &format!("b{b}"), &format!("d{d}")))
                .collect();
            let released = k_anonymize(&cells, k);
            prop_assert_eq!(released.cells.len(), cells.len());
            prop_assert!(holds(&released, k));
            prop_assert_eq!(
                released.suppressed,
                released.cells.iter().filter(|c| c.is_none()).count()
            );
            // The sector is never changed, only withheld.
            for (original, out) in cells.iter().zip(&released.cells) {
                if let Some(out) = out {
                    prop_assert_eq!(&out.sector, &original.sector);
                }
            }
        }
    }
}
