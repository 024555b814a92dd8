package io.r2dbcrouting;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.util.Logger;
import reactor.util.Loggers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The DEBUG line per routing decision names the statement, the target and the rule; with DEBUG off nothing is built.
 */
class DecisionLogIntegrationTests extends ClusterSupport {

    private final List<String> lines = new CopyOnWriteArrayList<>();

    @AfterEach
    void restoreLoggers() {
        Loggers.resetLoggerFactory();
    }

    private void captureDecisions(boolean debugEnabled) {
        Loggers.useCustomLoggers(name -> name.equals(RoutingConnectionFactory.DECISION_LOG)
            ? new CapturingLogger(name, debugEnabled, this.lines)
            : new CapturingLogger(name, false, null));
    }

    @Test
    void logsOneLinePerStatementNamingTheRule() {
        captureDecisions(true);
        RoutingConnectionFactory routing = track(router().build());
        onConnection(routing, c -> Flux.concat(
                quietly(c.beginTransaction()),
                server(c),
                whoAnswers(c, "INSERT INTO routing_log_items VALUES (1) RETURNING inet_server_port()")
                    .onErrorResume(missingTable -> reactor.core.publisher.Mono.just("n/a")),
                quietly(c.rollbackTransaction()))
            .then())
            .block(Duration.ofSeconds(30));
        assertThat(this.lines).hasSize(2);
        assertThat(this.lines.get(0)).matches("SELECT → replica-[12] \\(read\\)");
        assertThat(this.lines.get(1)).isEqualTo("INSERT → primary (write)");
    }

    @Test
    void buildsNothingWhenDebugIsOff() {
        captureDecisions(false);
        RoutingConnectionFactory routing = track(router().build());
        onConnection(routing, ClusterSupport::server).block(Duration.ofSeconds(30));
        assertThat(this.lines).isEmpty();
    }

    /** Keeps the formatted DEBUG messages; asserts nobody logs at DEBUG while it is off. */
    private static final class CapturingLogger implements Logger {

        private final String name;

        private final boolean debugEnabled;

        private final @org.jspecify.annotations.Nullable List<String> lines;

        /** With {@code lines == null}: a silent logger for every other category. */
        CapturingLogger(String name, boolean debugEnabled, @org.jspecify.annotations.Nullable List<String> lines) {
            this.name = name;
            this.debugEnabled = debugEnabled;
            this.lines = lines;
        }

        @Override
        public String getName() {
            return this.name;
        }

        @Override
        public boolean isDebugEnabled() {
            return this.debugEnabled;
        }

        @Override
        public void debug(String format, Object... arguments) {
            if (this.lines == null) {
                return;
            }
            if (!this.debugEnabled) {
                throw new AssertionError("debug(...) called with DEBUG off: the line was built for nothing");
            }
            String line = format;
            for (Object argument : arguments) {
                line = line.replaceFirst("\\{}", java.util.regex.Matcher.quoteReplacement(String.valueOf(argument)));
            }
            this.lines.add(line);
        }

        @Override public boolean isTraceEnabled() { return false; }
        @Override public void trace(String msg) { }
        @Override public void trace(String format, Object... arguments) { }
        @Override public void trace(String msg, Throwable t) { }
        @Override public void debug(String msg) { debug(msg, new Object[0]); }
        @Override public void debug(String msg, Throwable t) { debug(msg, new Object[0]); }
        @Override public boolean isInfoEnabled() { return false; }
        @Override public void info(String msg) { }
        @Override public void info(String format, Object... arguments) { }
        @Override public void info(String msg, Throwable t) { }
        @Override public boolean isWarnEnabled() { return false; }
        @Override public void warn(String msg) { }
        @Override public void warn(String format, Object... arguments) { }
        @Override public void warn(String msg, Throwable t) { }
        @Override public boolean isErrorEnabled() { return false; }
        @Override public void error(String msg) { }
        @Override public void error(String format, Object... arguments) { }
        @Override public void error(String msg, Throwable t) { }
    }
}
