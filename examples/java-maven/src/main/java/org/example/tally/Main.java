package org.example.tally;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

/** An HTTP service: POST text to /tally and get its word counts as JSON. */
public final class Main {
    static final String VERSION = "1.3.0";

    public static void main(String[] args) throws IOException {
        Tally tally = new Tally(stopwords());
        if (args.length > 0 && args[0].equals("--version")) {
            System.out.println("tally " + VERSION);
            return;
        }
        if (args.length > 0 && args[0].equals("--self-test")) {
            System.out.println(Tally.toJson(tally.count("The cat and the hat; the cat sat.")));
            return;
        }
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/health", exchange -> respond(exchange.getResponseBody(), exchange, 200, "{\"status\":\"ok\"}"));
        server.createContext("/tally", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
                respond(exchange.getResponseBody(), exchange, 200, Tally.toJson(tally.count(text)));
            }
        });
        server.start();
        System.out.println("tally " + VERSION + " listening on :" + port);
    }

    private static void respond(OutputStream out, com.sun.net.httpserver.HttpExchange exchange, int status, String json)
            throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (out) {
            out.write(bytes);
        }
    }

    private static Set<String> stopwords() throws IOException {
        Properties props = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/tally.properties")) {
            if (in != null) props.load(in);
        }
        return new HashSet<>(Arrays.asList(props.getProperty("stopwords", "").split(",")));
    }
}
