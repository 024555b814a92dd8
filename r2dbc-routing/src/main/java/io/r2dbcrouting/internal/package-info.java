/**
 * Internal building blocks of the router: the SQL statement classifier and the weighted target selectors.
 * Pure logic with no I/O; public only so that benchmarks can measure it. Not an API: it may change in any release.
 */
@NullMarked
package io.r2dbcrouting.internal;

import org.jspecify.annotations.NullMarked;
