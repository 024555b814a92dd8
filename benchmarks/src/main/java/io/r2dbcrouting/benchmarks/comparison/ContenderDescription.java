package io.r2dbcrouting.benchmarks.comparison;

/**
 * What the report says of a contender, whether it runs in this JVM ({@link Contender}) or in an agent JVM of its own
 * ({@link AgentContender}).
 */
interface ContenderDescription {

    /** A short, stable name for CSV files and the command line ({@code router}, {@code pgpool}, …). */
    String id();

    /** The name in report tables and charts. */
    String title();

    /** How it is set up (pools, sizes, options), for the report. */
    String setup();

    /** What this contender can do with the workload; the load generator runs only what {@link WorkloadSupport#runs()}. */
    WorkloadSupport support(Workload workload);

}
