## chibo analyze — statistical analysis for researchers

analyze-title-describe = Descriptive statistics
analyze-title-t-one-sample = One-sample t test (Student)
analyze-title-t-paired = Paired t test (one-sample t on the differences)
analyze-title-t-student = Two-sample t test (Student, pooled variance)
analyze-title-t-welch = Two-sample t test (Welch, unequal variances)
analyze-title-wilcoxon = Wilcoxon signed-rank test
analyze-title-mann-whitney = Mann–Whitney U test
analyze-title-anova = One-way analysis of variance (ANOVA, F test)
analyze-title-welch-anova = Welch's ANOVA (unequal variances)
analyze-title-kruskal-wallis = Kruskal–Wallis H test
analyze-title-chi-square = Chi-square (χ²) test of independence
analyze-title-fisher = Fisher's exact test (2×2 table)
analyze-title-cohens-d = Effect size Cohen's d (independent samples)
analyze-title-hedges-g = Effect size Hedges' g (independent samples, small-sample correction)
analyze-title-cohens-dz = Effect size Cohen's d_z (paired)
analyze-title-rank-biserial = Rank-biserial correlation (independent samples)
analyze-title-rank-biserial-paired = Rank-biserial correlation (paired)
analyze-title-cronbach-alpha = Cronbach's alpha reliability
analyze-title-icc = Intraclass correlations (ICC; one row per target, one column per rater)
analyze-title-ols = Linear regression (ordinary least squares)
analyze-title-did = Difference-in-differences (regression of y on treated × after)
analyze-title-power = Power and sample size of a t test
analyze-title-bootstrap = Bootstrap confidence interval of a mean

analyze-line-file = File: { $file } ({ $rows } data rows)
analyze-line-samples = Samples: { $samples }; { $dropped } missing cells/rows skipped
analyze-line-grouped = Values of «{ $value }» grouped by column «{ $group }»
analyze-line-two-means = Mean of «{ $x }» = { $mx }; mean of «{ $y }» = { $my }
analyze-line-table = Cross table «{ $rows }» (rows) × «{ $cols }» (columns); { $dropped } rows with missing values skipped
analyze-line-respondents = { $n } complete respondents, { $k } items; { $dropped } rows with missing answers skipped
analyze-line-targets = { $n } rated targets, { $k } raters; { $dropped } rows with missing ratings skipped
analyze-line-model = Model: { $y } = intercept + { $x }; n = { $n } ({ $dropped } rows with missing values skipped); R² = { $r2 }
analyze-line-did = Outcome «{ $y }», treated «{ $treated }», after «{ $after }»; n = { $n } ({ $dropped } rows with missing values skipped)
analyze-line-se = Standard errors: { $se ->
        [hc1] HC1 (heteroskedasticity-robust)
        [cr1] CR1 clustered by «{ $cluster }» ({ $clusters } clusters)
        [cr2] CR2 Bell–McCaffrey clustered by «{ $cluster }» ({ $clusters } clusters)
       *[classical] classical
    }; { $level }% confidence intervals
analyze-line-design = Design: { $design ->
        [paired] paired (before/after on the same units)
       *[two-group] two independent groups (ratio n₂/n₁ = { $ratio })
    }, α = { $alpha }, { $alt }
analyze-line-bootstrap = { $b } resamples ({ $failed } discarded), seed { $seed }; { $method ->
        [percentile] percentile
       *[bca] BCa (bias-corrected and accelerated)
    } interval
analyze-line-cluster-bootstrap = Cluster bootstrap: { $b } resamples, seed { $seed }; SE = { $se }; { $level }% CI percentile { $pct }, BCa { $bca }

analyze-describe-line = «{ $column }»: n = { $n } ({ $missing } missing), mean = { $mean }, SD = { $sd }, median = { $median }, Q1–Q3 = { $q1 } – { $q3 }, min – max = { $min } – { $max }
analyze-group-line = Group «{ $group }»: n = { $n }, mean = { $mean }, SD = { $sd }, median = { $median }
analyze-item-line = Item «{ $item }»: alpha if dropped = { $alpha }, corrected item–total correlation = { $r }
analyze-coef-line = { $name }: coefficient = { $b }, SE = { $se }, t = { $t }, df = { $df }, { $p }, CI { $ci }
analyze-did-cell = Cell mean (treated: { $treated ->
        [yes] yes
       *[no] no
    }, after: { $after ->
        [yes] yes
       *[no] no
    }): { $mean } (n = { $n })

analyze-df = df = { $df }
analyze-df2 = df = ({ $df1 }, { $df2 })
analyze-p = p = { $p }
analyze-p-below = p < { $limit }
analyze-alternative = { $alt ->
        [less] one-sided, less
        [greater] one-sided, greater
       *[two-sided] two-sided
    }
analyze-estimate-ci = { $name } = { $value } ({ $level }% CI: { $ci })

analyze-variant-wilcoxon-exact = Exact null distribution; zeros: { $zero }
analyze-variant-wilcoxon-normal = Normal approximation with tie correction; zeros: { $zero }; continuity correction: { $cc ->
        [yes] yes
       *[no] no
    }
analyze-variant-mw-exact = Exact null distribution
analyze-variant-mw-normal = Normal approximation with tie correction; continuity correction: { $cc ->
        [yes] yes
       *[no] no
    }
analyze-variant-chi-square = Yates' correction: { $yates ->
        [yes] yes
       *[no] no
    }

analyze-name-mean = Mean
analyze-name-mean-minus-mu = Mean − μ₀
analyze-name-mean-diff = Mean difference «{ $x }» − «{ $y }»
analyze-name-mean-diff-paired = Mean of the differences «{ $x }» − «{ $y }»
analyze-name-rank-biserial = Rank-biserial correlation
analyze-name-cohens-d = Effect size Cohen's d
analyze-name-cohens-dz = Effect size Cohen's d_z (paired)
analyze-wilcoxon-v = V: sum of the ranks of the positive differences (W+, as R's V)
analyze-name-odds-ratio = Odds ratio (sample)
analyze-name-alpha-standardized = Standardized alpha
analyze-name-intercept = (intercept)
analyze-name-did-effect = Intervention effect (DiD)

analyze-icc1 = one-way random, single rater
analyze-icc2 = two-way random, absolute agreement, single rater
analyze-icc3 = two-way mixed, consistency, single rater
analyze-icc1k = one-way random, mean of k raters
analyze-icc2k = two-way random, absolute agreement, mean of k raters
analyze-icc3k = two-way mixed, consistency, mean of k raters

analyze-power-result = Power = { $power } ({ $pct }%)
analyze-mde-result = Minimum detectable standardized effect at { $pct }% power: { $effect } ({ $design ->
        [paired] { $n } pairs
       *[two-group] { $n } units in group 1
    })
analyze-n-result = Sample size for { $pct }% power at effect { $effect }: { $n } → { $design ->
        [paired] { $rounded } pairs
       *[two-group] { $rounded } units in group 1 and { $n2 } in group 2
    }

analyze-reading-difference = The difference is statistically significant at the { $alpha }% level.
analyze-reading-no-difference = The difference is not statistically significant at the { $alpha }% level.
analyze-reading-association = The two variables are significantly associated at the { $alpha }% level.
analyze-reading-no-association = No statistically significant association between the two variables at the { $alpha }% level.
analyze-reading-effect = The effect is statistically significant at the { $alpha }% level.
analyze-reading-no-effect = The effect is not statistically significant at the { $alpha }% level.
analyze-reading-ci-excludes-zero = The { $level }% confidence interval excludes 0: the difference is statistically significant.
analyze-reading-ci-includes-zero = The { $level }% confidence interval includes 0: the difference is not statistically significant.
analyze-reading-magnitude = Effect magnitude (Cohen's thresholds): { $size ->
        [negligible] negligible
        [small] small
        [medium] medium
       *[large] large
    }.
analyze-reading-alpha = Internal consistency is { $band ->
        [excellent] excellent (α ≥ 0.9)
        [good] good (0.8 ≤ α < 0.9)
        [acceptable] acceptable (0.7 ≤ α < 0.8)
        [questionable] questionable (0.6 ≤ α < 0.7)
       *[poor] poor (α < 0.6)
    }.
analyze-reading-icc = Inter-rater agreement by ICC2 (Koo & Li 2016): { $band ->
        [excellent] excellent (≥ 0.9)
        [good] good (0.75 – 0.9)
        [moderate] moderate (0.5 – 0.75)
       *[poor] poor (< 0.5)
    }.
analyze-reading-power = With { $design ->
        [paired] { $n } pairs
       *[two-group] { $n } units in group 1
    }, the probability of detecting an effect of { $effect } is { $pct }%.

analyze-err-input-required = Method «{ $method }» needs a data file. Add --input file.csv or --input file.xlsx.
analyze-err-option-required = Method «{ $method }» needs the option { $option }.
analyze-err-option-range = { $option } = { $value } is not valid: it must be in { $range }.
analyze-err-column-count = Method «{ $method }» needs { $expected } columns in --columns, but { $got } were given.
analyze-err-missing-column = There is no column «{ $column }» in { $file }. Columns in the file: { $available }.
analyze-err-not-number = File { $file }, row { $row }, column «{ $column }»: «{ $value }» is not a number. Write a number (e.g. 3.5 or 3,5) or leave the cell empty if missing.
analyze-err-not-binary = File { $file }, row { $row }, column «{ $column }»: «{ $value }» is not yes/no. Write 1 or 0.
analyze-err-too-few-groups = Group column «{ $column }» has only { $found } group(s) with data; at least two groups are needed for a comparison.
analyze-err-not-two-groups = Method «{ $method }» compares exactly two groups, but column «{ $column }» has { $found }: { $groups }. Use anova, welch-anova or kruskal-wallis for more groups.
analyze-err-not-2x2 = Fisher's exact test needs a 2×2 table, but the cross table has { $rows } rows × { $cols } columns. Use chi-square.
analyze-err-too-few = Not enough data { $what ->
        [pairs] (non-zero pairs) in { $names }
        [groups] (groups) in { $names }
        [per-group] in each group of { $names }
        [clusters] (clusters)
        [targets] (fully rated targets)
        [raters] (raters)
        [items] (items)
        [respondents] (respondents who answered every item)
        [resamples] (resamples)
        [categories] (categories of the cross table) in { $names }
       *[other] in { $names }
    }: at least { $needed } needed, only { $got } available.
analyze-err-constant = The data of { $names } are constant (zero variance; { $detail }), so this test cannot be computed.
analyze-err-singular = The model cannot be estimated: the regressors are collinear or a group is missing ({ $detail }).
analyze-err-stats = Statistical computation error: { $detail }
