package io.r2dbcrouting;

import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;
import org.jspecify.annotations.Nullable;

/**
 * One database's URL, parsed into the options its driver takes, with a display form that masks the password.
 * <p>
 * Accepted forms: {@code r2dbc:<driver>://…} and {@code r2dbcs:<driver>://…}, and the libpq style
 * {@code postgresql://…} / {@code postgres://…} (also SQLAlchemy's {@code postgresql+asyncpg://…}), which is read as
 * {@code r2dbc:postgresql://…} with libpq's {@code sslmode}, {@code sslrootcert}, {@code sslcert}, {@code sslkey},
 * {@code sslpassword}, {@code application_name} and {@code connect_timeout} (seconds) renamed to r2dbc-postgresql's
 * options. A {@code '@'}, {@code '+'} or other character that URLs reserve may appear unencoded in the user name and
 * password ({@code '+'} means itself, not a space); {@code '/'}, {@code '?'} and {@code '#'} there must be
 * percent-encoded, and a {@code '@'} anywhere after the host is refused, so that the password can always be told
 * apart and masked.
 * <p>
 * No message this class builds contains the password: URLs in messages are {@linkplain #mask(String) masked}, parser
 * errors are reworded, never chained.
 */
final class DatabaseUrl {

    static final String MASK = "***";

    /** Options that are parts of the URL itself; the R2DBC URL parser refuses them in a query. */
    static final Set<String> URL_PARTS = Set.of(ConnectionFactoryOptions.DRIVER.name(),
        ConnectionFactoryOptions.PROTOCOL.name(), ConnectionFactoryOptions.HOST.name(), ConnectionFactoryOptions.PORT.name(),
        ConnectionFactoryOptions.USER.name(), ConnectionFactoryOptions.PASSWORD.name(),
        ConnectionFactoryOptions.DATABASE.name());

    /** libpq query parameters and the r2dbc-postgresql options they become. */
    private static final Map<String, String> LIBPQ_OPTIONS = Map.of("sslmode", "sslMode", "sslrootcert", "sslRootCert",
        "sslcert", "sslCert", "sslkey", "sslKey", "sslpassword", "sslPassword", "application_name", "applicationName",
        "connect_timeout", "connectTimeout");

    /** r2dbc-pool's driver, which a target URL must not use: the router makes the pools. */
    static final String POOL_DRIVER = "pool";

    private static final String FORMS = "expected r2dbc:<driver>://…, postgresql://… or postgres://…";

    private final ConnectionFactoryOptions options;

    private final String display;

    private DatabaseUrl(ConnectionFactoryOptions options) {
        this.options = options;
        this.display = display(options);
    }

    /**
     * A database given as driver options (the pieces of an {@code r2dbc:routing:} URL).
     */
    static DatabaseUrl of(ConnectionFactoryOptions options) {
        return new DatabaseUrl(options);
    }

    /**
     * Parses one database URL.
     *
     * @param key the setting the URL came from, first in every message ({@code DATABASE_URL}, {@code primary}, …)
     * @param url the URL, not blank
     * @throws IllegalArgumentException naming {@code key} and the bad part, with the password masked
     */
    static DatabaseUrl parse(String key, String url) {
        String text = url.trim();
        String masked = mask(text);
        String lower = text.toLowerCase(Locale.ROOT);
        int separator = text.indexOf("://");
        if (separator < 0) {
            throw malformed(key, masked, FORMS);
        }
        String scheme = lower.substring(0, separator);
        boolean libpq = scheme.equals("postgresql") || scheme.equals("postgres")
            || scheme.startsWith("postgresql+") || scheme.startsWith("postgres+");
        String prefix;
        if (libpq) {
            prefix = "r2dbc:postgresql";
        } else if (scheme.startsWith("r2dbc:") || scheme.startsWith("r2dbcs:")) {
            String[] parts = text.substring(0, separator).split(":", 3);
            String driver = parts[1].trim();
            if (driver.isEmpty()) {
                throw malformed(key, masked, "no driver after " + parts[0].toLowerCase(Locale.ROOT) + ":");
            }
            if (driver.equals(POOL_DRIVER)) {
                throw new IllegalArgumentException(key + ": URL '" + masked + "' uses the pool driver (r2dbc:pool:…); the "
                    + "router creates a pool for each target itself: drop 'pool:' and set the pool settings on the router");
            }
            if (driver.equals(RoutingConnectionFactoryProvider.ROUTING_DRIVER)) {
                throw new IllegalArgumentException(key + ": URL '" + masked + "' is a routing URL itself; a target "
                    + "needs a database URL such as r2dbc:postgresql://…");
            }
            prefix = parts[0].toLowerCase(Locale.ROOT) + ":" + driver + (parts.length > 2 ? ":" + parts[2] : "");
        } else {
            throw malformed(key, masked, FORMS);
        }

        String rest = text.substring(separator + 3);
        int authorityEnd = indexOfAny(rest, "/?#", 0);
        int at = rest.lastIndexOf('@');
        if (at >= authorityEnd) {
            throw malformed(key, masked, "'@' after the host; percent-encode '/', '?', '#' in the user name and password "
                + "(as %2F, %3F, %23) and '@' in the path or query (as %40)");
        }
        String hostAndPort = rest.substring(at + 1, authorityEnd);
        HostAndPort address = HostAndPort.parse(hostAndPort, () -> malformed(key, masked, "no host"),
            reason -> malformed(key, masked, reason), true);
        String userInfo = at < 0 ? "" : encodeUserInfo(rest.substring(0, at)) + "@";
        checkQueryNames(key, masked, rest.substring(authorityEnd));

        ConnectionFactoryOptions parsed;
        try {
            parsed = ConnectionFactoryOptions.parse(prefix + "://" + userInfo + hostAndPort + rest.substring(authorityEnd));
        } catch (IllegalArgumentException | IllegalStateException ex) {
            throw malformed(key, masked, reason(ex));      // the parser's own message would show the password
        }

        ConnectionFactoryOptions.Builder builder = ConnectionFactoryOptions.builder();
        for (Map.Entry<Option<?>, Object> entry : entries(parsed).entrySet()) {
            String name = entry.getKey().name();
            if (URL_PARTS.contains(name)) {
                // the host and port are ours: the URL parser leaves the port in HOST when the host has an underscore
                if (!ConnectionFactoryOptions.HOST.equals(entry.getKey())
                    && !ConnectionFactoryOptions.PORT.equals(entry.getKey())) {
                    put(builder, entry.getKey(), entry.getValue());
                }
                continue;
            }
            ConfigOptions.Kind kind = ConfigOptions.kind(name);
            if (kind != ConfigOptions.Kind.DRIVER) {
                throw new IllegalArgumentException(key + ": '" + name + "' is " + kind.description
                    + "; it cannot be set in the URL of one target");
            }
            if (libpq && LIBPQ_OPTIONS.containsKey(name)) {
                Object value = libpqValue(key, name, entry.getValue());
                if (value != null && !parsed.hasOption(Option.valueOf(LIBPQ_OPTIONS.get(name)))) {
                    put(builder, Option.valueOf(LIBPQ_OPTIONS.get(name)), value);
                }
                continue;
            }
            put(builder, entry.getKey(), entry.getValue());
        }
        builder.option(ConnectionFactoryOptions.HOST, address.host);
        if (address.port != null) {
            builder.option(ConnectionFactoryOptions.PORT, address.port);
        }
        return new DatabaseUrl(builder.build());
    }

    /**
     * The driver options: DRIVER, PROTOCOL, HOST, PORT, USER, PASSWORD, DATABASE as given, and the URL's query.
     */
    ConnectionFactoryOptions options() {
        return this.options;
    }

    /**
     * The URL with the password masked, rebuilt from the options, such as
     * {@code r2dbc:postgresql://app:***@db1:5432/app?sslMode=require}.
     */
    String display() {
        return this.display;
    }

    @Override
    public String toString() {
        return this.display;
    }

    /**
     * The URL, rebuilt from {@code options}: user and password masked, the query's options sorted by name, the values
     * of options whose name says they are secret masked.
     */
    static String display(ConnectionFactoryOptions options) {
        StringBuilder url = new StringBuilder("r2dbc:").append(options.getValue(ConnectionFactoryOptions.DRIVER));
        Object protocol = options.getValue(ConnectionFactoryOptions.PROTOCOL);
        if (protocol != null) {
            url.append(':').append(protocol);
        }
        url.append("://");
        Object user = options.getValue(ConnectionFactoryOptions.USER);
        boolean password = options.hasOption(ConnectionFactoryOptions.PASSWORD);
        if (user != null || password) {
            url.append(user == null ? "" : encodeUserInfo(user.toString()).replace(":", "%3A"))
                .append(password ? ":" + MASK : "").append('@');
        }
        url.append(options.getValue(ConnectionFactoryOptions.HOST));
        Object port = options.getValue(ConnectionFactoryOptions.PORT);
        if (port != null) {
            url.append(':').append(port);
        }
        Object database = options.getValue(ConnectionFactoryOptions.DATABASE);
        if (database != null) {
            url.append('/').append(database);
        }
        char separator = '?';
        for (Map.Entry<String, Object> option : queryOptions(options).entrySet()) {
            url.append(separator).append(option.getKey()).append('=').append(option.getValue());
            separator = '&';
        }
        return url.toString();
    }

    /**
     * The options other than the URL's parts, by name, secret values masked.
     */
    static Map<String, Object> queryOptions(ConnectionFactoryOptions options) {
        Map<String, Object> query = new TreeMap<>();
        entries(options).forEach((option, value) -> {
            if (!URL_PARTS.contains(option.name())) {
                query.put(option.name(), isSecret(option.name()) ? MASK : value);
            }
        });
        return query;
    }

    /**
     * Every option set in {@code options} (the SPI offers no other way to list them).
     */
    static Map<Option<?>, Object> entries(ConnectionFactoryOptions options) {
        Map<Option<?>, Object> entries = new TreeMap<>((a, b) -> a.name().compareTo(b.name()));
        ConnectionFactoryOptions.builder().from(options, option -> {
            entries.put(option, options.getValue(option));
            return false;
        });
        return entries;
    }

    @SuppressWarnings("unchecked")
    static void put(ConnectionFactoryOptions.Builder builder, Option<?> option, Object value) {
        builder.option((Option<Object>) option, value);
    }

    /**
     * Whether an option's value must be masked where it is shown: its name mentions a password, secret or token.
     */
    static boolean isSecret(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.contains("password") || lower.contains("secret") || lower.contains("token");
    }

    /**
     * Masks a URL for a message, whether or not it is well-formed: everything from the first {@code ':'} after
     * {@code ://} (or the start) to the last {@code '@'} becomes {@code ***}, and so do the values of query parameters
     * whose names say they are secret. Masks more than the password in some malformed URLs, never less.
     */
    static String mask(String url) {
        int separator = url.indexOf("://");
        int from = separator < 0 ? 0 : separator + 3;
        String rest = url.substring(from);
        int at = rest.lastIndexOf('@');
        int colon = rest.indexOf(':');
        if (at >= 0 && colon >= 0 && colon < at) {
            rest = rest.substring(0, colon + 1) + MASK + rest.substring(at);
        }
        int query = rest.indexOf('?', Math.max(at, 0));
        if (query >= 0) {
            StringBuilder masked = new StringBuilder(rest.substring(0, query + 1));
            String[] parameters = rest.substring(query + 1).split("&", -1);
            for (int i = 0; i < parameters.length; i++) {
                int equals = parameters[i].indexOf('=');
                masked.append(i == 0 ? "" : "&");
                masked.append(equals >= 0 && isSecret(parameters[i].substring(0, equals))
                    ? parameters[i].substring(0, equals + 1) + MASK : parameters[i]);
            }
            rest = masked.toString();
        }
        return url.substring(0, from) + rest;
    }

    private static @Nullable Object libpqValue(String key, String name, Object value) {
        if (!name.equals("connect_timeout")) {
            return value;
        }
        String seconds = value.toString().trim();
        if (!seconds.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException(key + ": connect_timeout must be a number of seconds, was '" + seconds + "'");
        }
        long timeout = Long.parseLong(seconds);
        return timeout == 0 ? null : Duration.ofSeconds(timeout).toString();     // libpq: 0 waits forever
    }

    /**
     * Percent-encodes what the URL parser would misread in a user info: {@code '@'} (an unencoded one in a password),
     * {@code '+'} (which it decodes as a space), {@code '%'} not starting an escape, and characters URIs refuse.
     */
    private static String encodeUserInfo(String userInfo) {
        StringBuilder encoded = new StringBuilder(userInfo.length());
        int colon = userInfo.indexOf(':');
        for (int i = 0; i < userInfo.length(); ) {
            int c = userInfo.codePointAt(i);
            if (c < 128 && (isUnreserved((char) c) || "!$&'()*,;=".indexOf(c) >= 0 || c == ':' && i == colon
                || c == '%' && i + 2 < userInfo.length() && isHex(userInfo.charAt(i + 1))
                && isHex(userInfo.charAt(i + 2)))) {
                encoded.append((char) c);
            } else {
                for (byte b : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8)) {
                    encoded.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
                }
            }
            i += Character.charCount(c);
        }
        return encoded.toString();
    }

    private static boolean isUnreserved(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
            || c == '~';
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }

    private static int indexOfAny(String text, String characters, int from) {
        for (int i = from; i < text.length(); i++) {
            if (characters.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }

    private static String reason(RuntimeException ex) {
        String message = ex.getCause() instanceof URISyntaxException ? ((URISyntaxException) ex.getCause()).getReason()
            : ex.getMessage();
        if (message != null && (message.startsWith("URLDecoder") || message.equals("Malformed escape pair"))) {
            return "bad percent-encoding (write '%' as %25)";
        }
        return ex.getCause() instanceof URISyntaxException ? message : "cannot be parsed";
    }

    private static IllegalArgumentException malformed(String key, String masked, String reason) {
        return new IllegalArgumentException(key + ": malformed URL '" + masked + "': " + reason);
    }

    /**
     * Refuses the URL's own parts in its query with a message of ours: the URL parser's would show the password.
     */
    private static void checkQueryNames(String key, String masked, String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        if (query < 0) {
            return;
        }
        int fragment = pathAndQuery.indexOf('#', query);
        String parameters = pathAndQuery.substring(query + 1, fragment < 0 ? pathAndQuery.length() : fragment);
        for (String parameter : parameters.split("&")) {
            int equals = parameter.indexOf('=');
            String name = decodeName((equals < 0 ? parameter : parameter.substring(0, equals)).trim());
            if (URL_PARTS.contains(name)) {
                throw malformed(key, masked, "'" + name + "' must not be set in the query; "
                    + (name.equals("user") || name.equals("password") ? "write user:password@ before the host"
                    : "it is a part of the URL"));
            }
        }
    }

    /** A query parameter's name, decoded as the URL parser does; as is if it does not decode. */
    private static String decodeName(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException ex) {
            return name;
        }
    }

    /**
     * A host with an optional port, as in a URL's authority or an {@code r2dbc:routing:} host list:
     * {@code host}, {@code host:port}, {@code [v6]} or {@code [v6]:port}.
     */
    static final class HostAndPort {

        final String host;

        final @Nullable Integer port;

        private HostAndPort(String host, @Nullable Integer port) {
            this.host = host;
            this.port = port;
        }

        interface Failure {

            IllegalArgumentException create(String reason);
        }

        HostAndPort withPort(int port) {
            return new HostAndPort(this.host, port);
        }

        /**
         * @param showPort whether a bad port may be quoted: not when it could be a piece of a password that the URL
         *                 parser took for a port ({@code user:pass?word@host} read as host {@code user}, port
         *                 {@code pass})
         */
        static HostAndPort parse(String text, Supplier<IllegalArgumentException> noHost, Failure failure, boolean showPort) {
            String hostAndPort = text.trim();
            String host;
            String port = null;
            if (hostAndPort.startsWith("[")) {
                int close = hostAndPort.indexOf(']');
                if (close < 0) {
                    throw failure.create("IPv6 host '" + hostAndPort + "' misses its ']'");
                }
                host = hostAndPort.substring(0, close + 1);
                String after = hostAndPort.substring(close + 1);
                if (!after.isEmpty()) {
                    if (!after.startsWith(":")) {
                        throw failure.create("unexpected '" + after + "' after IPv6 host '" + host + "'");
                    }
                    port = after.substring(1);
                }
            } else {
                if (hostAndPort.indexOf(',') >= 0) {
                    throw failure.create("several hosts in one URL ('" + hostAndPort
                        + "'); give each database a URL of its own");
                }
                int colon = hostAndPort.indexOf(':');
                if (colon >= 0 && hostAndPort.indexOf(':', colon + 1) >= 0) {
                    throw failure.create("IPv6 host '" + hostAndPort + "' must be in brackets, such as [::1]:5432");
                }
                host = colon < 0 ? hostAndPort : hostAndPort.substring(0, colon);
                port = colon < 0 ? null : hostAndPort.substring(colon + 1);
            }
            if (host.isBlank() || host.equals("[]")) {
                throw noHost.get();
            }
            return new HostAndPort(host, port == null ? null : port(host, port, failure, showPort));
        }

        private static Integer port(String host, String text, Failure failure, boolean showPort) {
            int port = text.matches("[0-9]{1,5}") ? Integer.parseInt(text) : -1;
            if (port < 1 || port > 65535) {
                throw failure.create((showPort ? "port '" + text + "'" : "the port of '" + host + "'")
                    + " is not a number from 1 to 65535");
            }
            return port;
        }
    }
}
