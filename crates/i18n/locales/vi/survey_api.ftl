## API khảo sát.
api-bad-seed = «sample_seed» phải là một số nguyên không âm 64 bit, không phải «{ $value }».
api-bad-format = «format» phải là csv hoặc xlsx, không phải «{ $value }».
