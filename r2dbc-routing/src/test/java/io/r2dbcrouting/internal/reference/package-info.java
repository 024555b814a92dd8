/**
 * A copy of the statement classifier as it was before its optimisation (commit 827ab9b), kept only as the oracle of
 * {@code StatementClassifierDifferentialUnitTests}. Never edit it to follow the production classifier's code; only a
 * change of what statements mean for routing is made in both (see {@code ReferenceStatementClassifier}).
 */
@NullMarked
package io.r2dbcrouting.internal.reference;

import org.jspecify.annotations.NullMarked;
