"""Measuring the checker itself (`gouji eval`): against hand-checked statements (`labels`) and against
errors injected into documents (`mutate`). Not to be confused with `parser.tabular.self_evaluation`, which reads the
绩效自评表 of the documents."""
