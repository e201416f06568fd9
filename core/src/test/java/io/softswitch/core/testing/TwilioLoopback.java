package io.softswitch.core.testing;

import com.twilio.http.HttpClient;
import com.twilio.http.NetworkHttpClient;
import com.twilio.http.Request;
import com.twilio.http.Response;
import com.twilio.http.TwilioRestClient;

/**
 * Twilio's Java helper library pointed at a daemon: its public {@link HttpClient} extension point
 * sends the requests the library builds for {@code https://*.twilio.com} to our loopback listener.
 */
public final class TwilioLoopback extends HttpClient {
    private final NetworkHttpClient network = new NetworkHttpClient();
    private final String base;

    private TwilioLoopback(String base) {
        this.base = base;
    }

    /** A client of {@code http://127.0.0.1:httpPort} authenticated as {@code accountSid:authToken}. */
    public static TwilioRestClient client(int httpPort, String accountSid, String authToken) {
        return new TwilioRestClient.Builder(accountSid, authToken)
                .httpClient(new TwilioLoopback("http://127.0.0.1:" + httpPort)).build();
    }

    @Override
    public Response makeRequest(Request in) {
        String url = in.getUrl().replaceFirst("^https://[a-z0-9.-]+\\.twilio\\.com", base);
        Request out = new Request(in.getMethod(), url);
        in.getQueryParams().forEach((k, vs) -> vs.forEach(v -> out.addQueryParam(k, v)));
        in.getPostParams().forEach((k, vs) -> vs.forEach(v -> out.addPostParam(k, v)));
        in.getHeaderParams().forEach((k, vs) -> vs.forEach(v -> out.addHeaderParam(k, v)));
        out.setAuth(in.getUsername(), in.getPassword());
        return network.makeRequest(out);
    }
}
