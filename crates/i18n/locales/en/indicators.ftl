## Cell meeting quality indicators: checks of the catalog file.
indicator-catalog-version-zero = The catalog version must be 1 or more.
indicator-catalog-empty = The catalog has no indicators.
indicator-code-duplicate = The indicator code «{ $indicator }» is used twice. Each indicator needs its own code.
indicator-code-invalid = The indicator code «{ $indicator }» is not valid: use lowercase letters without accents, digits and underscores.
indicator-text-missing = The indicator «{ $indicator }» lacks a name or a definition (Vietnamese and English).
indicator-text-not-normalized = The name or definition of the indicator «{ $indicator }» is not normalized (Unicode NFC, single spaces).
indicator-divisor-zero = The indicator «{ $indicator }» divides by zero.
indicator-aggregation-mismatch = The aggregation of the indicator «{ $indicator }» does not match its formula: a share is weighted by what its denominator counts.
indicator-unit-mismatch = The unit of the indicator «{ $indicator }» does not match its formula: only shares are percentages.
indicator-target-out-of-range = The target of the indicator «{ $indicator }» is out of range.
indicator-year-invalid = The year { $year } is not valid.
indicator-period-not-months = Indicators are kept by month: choose a month, quarter, year or a range from the first day of a month to the last day of a month.
cli-indicators-rebuilt = Recomputed the indicators of { $count } years.
cli-indicators-unknown-unit = There is no unit with the code { $unit }. Check the code (see «chibo org tree»).
