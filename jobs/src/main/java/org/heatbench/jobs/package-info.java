/**
 * The Spark jobs behind {@code heatbench run}: a spec ({@link org.heatbench.jobs.spec.ExperimentSpec}) checked and
 * planned into work units ({@link org.heatbench.jobs.RunPlan}), the driver ({@link org.heatbench.jobs.HeatBenchJob})
 * split by concern — the run directory with resume check, overwrite and lease ({@code RunDirectory},
 * {@code DriverLease}), the driver's preflight ({@code Preflight}), the Spark stage ({@code SparkExecution}),
 * progress ({@code ProgressMonitor}), run.json's state on any exit ({@code RunState}) and the summary
 * ({@code SummaryWriter}) — and the executors' work per unit ({@code UnitTask}: the shared evaluation of
 * {@code perturbation}, atomic commit with checksums). The run directory's files are the typed records of
 * {@code org.heatbench.results.run} ({@code docs/RESULTS_FORMAT.md}); the cluster entry point is
 * {@link org.heatbench.jobs.SubmitMain}. Spark appears in this module and in the command that launches it, nowhere
 * else.
 *
 * <p>Depends on: every library module ({@code core}, {@code methods}, {@code datasets}, {@code perturbation},
 * {@code training}, {@code results}), Spark, Jackson; never on the command line.
 */
package org.heatbench.jobs;
