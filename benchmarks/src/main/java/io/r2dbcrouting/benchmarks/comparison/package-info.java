/**
 * The end-to-end comparison of read/write splitters: a load generator that runs fixed workloads at a fixed
 * concurrency against the local replica cluster through each contender in turn, and the report (CSV, Markdown, PNG
 * charts) of what each one costs. {@link io.r2dbcrouting.benchmarks.comparison.ComparisonMain} runs it.
 */
@NullMarked
package io.r2dbcrouting.benchmarks.comparison;

import org.jspecify.annotations.NullMarked;
