package org.careplanfhir.bench.smart;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.StringJoiner;

/** Form and query strings ({@code application/x-www-form-urlencoded}), written and read. */
public final class Forms {

	private Forms() {
	}

	/** The fields as a form body or query string, in the map's order. */
	public static String encode(Map<String, String> fields) {
		StringJoiner form = new StringJoiner("&");
		fields.forEach((name, value) -> form.add(encode(name) + "=" + encode(value)));
		return form.toString();
	}

	public static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	/** The first value of a query parameter of the URL, decoded; {@code null} when it has none. */
	public static String parameter(String url, String name) {
		int query = url.indexOf('?');
		if (query < 0) {
			return null;
		}
		int fragment = url.indexOf('#', query);
		String parameters = fragment < 0 ? url.substring(query + 1) : url.substring(query + 1, fragment);
		for (String pair : parameters.split("&")) {
			int equals = pair.indexOf('=');
			String key = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
			if (key.equals(name)) {
				return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
			}
		}
		return null;
	}

}
