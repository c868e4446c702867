//! Each response's construct scores, as the results compute them
//! ([`super::aggregate::row_scores`]): the researchers' response file
//! writes these very numbers, so a score in the file and a mean on the
//! results page cannot follow two rules.

use super::matrix::ResponseMatrix;

/// The constructs' names and, per row of the matrix in its order, each
/// construct's score (`None` when fewer than half of its items were
/// answered with a scale value, or the construct cannot be scored).
#[derive(Debug, Clone, PartialEq)]
pub struct RowConstructScores {
    pub constructs: Vec<String>,
    pub rows: Vec<Vec<Option<f64>>>,
}

/// The construct scores of every response of `matrix`.
pub fn row_construct_scores(matrix: &ResponseMatrix) -> RowConstructScores {
    let layout = &matrix.codebook.layout;
    let scores = super::aggregate::row_scores(matrix, layout);
    let constructs: Vec<String> = layout.constructs.iter().map(|c| c.name.clone()).collect();
    let rows = (0..matrix.rows())
        .map(|row| {
            (0..constructs.len())
                .map(|j| Some(scores.get(row, j)).filter(|x| !x.is_nan()))
                .collect()
        })
        .collect();
    RowConstructScores { constructs, rows }
}
