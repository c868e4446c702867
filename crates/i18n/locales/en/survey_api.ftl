## The survey API.
api-bad-seed = «sample_seed» must be a non-negative 64-bit integer, not «{ $value }».
api-bad-format = «format» must be csv or xlsx, not «{ $value }».
