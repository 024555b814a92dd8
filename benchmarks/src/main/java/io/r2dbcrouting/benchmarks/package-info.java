/**
 * JMH benchmarks of r2dbc-routing, sharing the settings of {@link io.r2dbcrouting.benchmarks.BenchmarkSettings}, and
 * {@link io.r2dbcrouting.benchmarks.JmhReport}, which turns JMH's JSON results into a Markdown table.
 */
@NullMarked
package io.r2dbcrouting.benchmarks;

import org.jspecify.annotations.NullMarked;
