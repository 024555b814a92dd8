package io.r2dbcrouting.testcluster;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * One {@code postgresql://user:password@host:port/database} URL, as given in {@code R2DBC_ROUTING_PRIMARY_URL} and
 * {@code R2DBC_ROUTING_REPLICA_URLS}. The port defaults to 5432; user and password may be percent-encoded; a query
 * string is ignored.
 */
record ConnectionUrl(String user, String password, String host, int port, String database) {

    static final int DEFAULT_PORT = 5432;

    /**
     * Parses a URL.
     *
     * @param setting the name of the setting the URL came from, for error messages
     * @param url the URL; {@code postgresql://}, {@code postgres://} and an {@code r2dbc:} or {@code jdbc:} prefix
     * are accepted
     *
     * @throws IllegalArgumentException naming the setting if the URL lacks a part or is malformed
     */
    static ConnectionUrl parse(String setting, String url) {
        String text = url.trim();
        String example = " (expected postgresql://user:password@host:port/database)";
        if (text.startsWith("r2dbc:") || text.startsWith("jdbc:")) {
            text = text.substring(text.indexOf(':') + 1);
        }
        URI uri;
        try {
            uri = new URI(text);
        }
        catch (URISyntaxException ex) {
            throw new IllegalArgumentException(setting + " is not a valid URL, was '" + masked(url) + "'" + example,
                    ex);
        }
        if (!"postgresql".equals(uri.getScheme()) && !"postgres".equals(uri.getScheme())) {
            throw new IllegalArgumentException(
                    setting + " must start with postgresql://, was '" + masked(url) + "'" + example);
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null || userInfo.isEmpty() || userInfo.startsWith(":")) {
            throw new IllegalArgumentException(setting + " must name a user, was '" + masked(url) + "'" + example);
        }
        int colon = userInfo.indexOf(':');
        String user = decode((colon >= 0) ? userInfo.substring(0, colon) : userInfo);
        String password = (colon >= 0) ? decode(userInfo.substring(colon + 1)) : "";
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException(setting + " must name a host, was '" + masked(url) + "'" + example);
        }
        String path = uri.getPath();
        String database = (path == null || path.length() <= 1) ? "" : decode(path.substring(1));
        if (database.isEmpty() || database.contains("/")) {
            throw new IllegalArgumentException(
                    setting + " must name one database, was '" + masked(url) + "'" + example);
        }
        int port = (uri.getPort() < 0) ? DEFAULT_PORT : uri.getPort();
        return new ConnectionUrl(user, password, host, port, database);
    }

    /** Replaces the password in a URL with {@code ****} so error messages do not show it. */
    static String masked(String url) {
        return url.replaceFirst("(://[^:/@]*:)[^@]*@", "$1****@");
    }

    private static String decode(String value) {
        return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "postgresql://" + this.user + ":****@" + this.host + ":" + this.port + "/" + this.database;
    }

}
