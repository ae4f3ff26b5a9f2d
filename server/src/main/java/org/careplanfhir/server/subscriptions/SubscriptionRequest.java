package org.careplanfhir.server.subscriptions;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.PrimitiveType;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Subscription.SubscriptionChannelType;

import org.careplanfhir.server.subscriptions.Backport.Content;

/**
 * What a backport Subscription asks for, read from the resource: its topic, its filters per resource
 * type, where and how to deliver. Reading it lists every problem found, each with where it is
 * ({@link Problem}), so that one 422 tells the client all that is wrong.
 *
 * @param topic the topic subscribed to
 * @param filters per resource type, the filter as a query ({@code status=requested&patient=Patient/1})
 * @param endpoint where notifications are POSTed
 * @param headers HTTP headers sent with every POST, as {@code name: value}
 * @param mimeType {@code application/fhir+json} or {@code application/fhir+xml}
 * @param content how much of each changed resource a notification carries
 * @param heartbeatSeconds how long the channel may stay quiet before a heartbeat is sent, or 0 for never
 * @param timeoutSeconds how long the endpoint has to answer a POST
 * @param maxCount the most events one notification carries
 */
record SubscriptionRequest(SubscriptionTopic topic, Map<String, String> filters, URI endpoint, List<String[]> headers,
		String mimeType, Content content, int heartbeatSeconds, int timeoutSeconds, int maxCount) {

	static final String JSON = "application/fhir+json";

	static final String XML = "application/fhir+xml";

	static final int DEFAULT_MAX_COUNT = 20;

	static final int LONGEST_TIMEOUT = 120;

	/** One thing wrong with a Subscription: where (FHIRPath) and what. */
	record Problem(String expression, String message) {
	}

	/** Reads a Subscription, adding what is wrong with it to {@code problems}; empty when anything is. */
	static Optional<SubscriptionRequest> read(Subscription subscription, boolean allowHttp, int defaultTimeoutSeconds,
			List<Problem> problems) {
		int before = problems.size();
		SubscriptionTopic topic = topicOf(subscription, problems);
		Map<String, String> filters = topic == null ? Map.of() : filtersOf(subscription, topic, problems);
		Subscription.SubscriptionChannelComponent channel = subscription.getChannel();
		if (channel.getType() != SubscriptionChannelType.RESTHOOK || channel.getTypeElement().hasExtension(Backport.CHANNEL_TYPE)) {
			String asked = channel.getTypeElement().hasExtension(Backport.CHANNEL_TYPE)
					? "the custom channel " + describe(channel.getTypeElement().getExtensionByUrl(Backport.CHANNEL_TYPE))
					: channel.hasType() ? "the channel type '" + channel.getType().toCode() + "'" : "no channel type";
			problems.add(new Problem("Subscription.channel.type",
					"This server delivers notifications by rest-hook only; " + asked + " is not supported"));
		}
		URI endpoint = endpointOf(channel, allowHttp, problems);
		List<String[]> headers = headersOf(channel, problems);
		String mimeType = mimeTypeOf(channel, problems);
		Content content = contentOf(channel, problems);
		int heartbeat = unsignedExtension(channel, Backport.HEARTBEAT_PERIOD, "backport-heartbeat-period", 0, problems);
		int timeout = unsignedExtension(channel, Backport.TIMEOUT, "backport-timeout", defaultTimeoutSeconds, problems);
		if (timeout < 1 || timeout > LONGEST_TIMEOUT) {
			problems.add(new Problem("Subscription.channel.extension('" + Backport.TIMEOUT + "')",
					"backport-timeout must be between 1 and " + LONGEST_TIMEOUT + " seconds"));
		}
		int maxCount = unsignedExtension(channel, Backport.MAX_COUNT, "backport-max-count", DEFAULT_MAX_COUNT, problems);
		if (maxCount < 1) {
			problems.add(new Problem("Subscription.channel.extension('" + Backport.MAX_COUNT + "')",
					"backport-max-count must be a positive integer"));
		}
		if (subscription.hasEnd() && subscription.getEnd().toInstant().isBefore(java.time.Instant.now())) {
			problems.add(new Problem("Subscription.end", "The subscription's end is in the past"));
		}
		if (problems.size() > before) {
			return Optional.empty();
		}
		return Optional.of(new SubscriptionRequest(topic, filters, endpoint, headers, mimeType, content, heartbeat,
				timeout, maxCount));
	}

	private static SubscriptionTopic topicOf(Subscription subscription, List<Problem> problems) {
		if (!subscription.hasCriteria()) {
			problems.add(new Problem("Subscription.criteria",
					"criteria must name a subscription topic's canonical URL (backport-subscription)"));
			return null;
		}
		Optional<SubscriptionTopic> topic = SubscriptionTopics.named(subscription.getCriteria());
		if (topic.isEmpty()) {
			problems.add(new Problem("Subscription.criteria", "Unknown subscription topic '" + subscription.getCriteria()
					+ "': this server offers " + String.join(", ",
							SubscriptionTopics.all().stream().map(SubscriptionTopic::canonical).toList())
					+ " (a query such as 'Patient?name=x' is not a topic: put filters in backport-filter-criteria)"));
			return null;
		}
		return topic.get();
	}

	/**
	 * The guide's examples write {@code Encounter?patient=Patient/123}; its text also allows
	 * {@code patient=Patient/123} and {@code Encounter.patient=...}. All three are read; a filter
	 * without a type applies to the topic's only type, and is ambiguous for a topic of several.
	 */
	private static Map<String, String> filtersOf(Subscription subscription, SubscriptionTopic topic,
			List<Problem> problems) {
		Map<String, List<String>> byType = new LinkedHashMap<>();
		List<Extension> criteria = subscription.getCriteriaElement().getExtensionsByUrl(Backport.FILTER_CRITERIA);
		for (int index = 0; index < criteria.size(); index++) {
			String where = "Subscription.criteria.extension('" + Backport.FILTER_CRITERIA + "')[" + index + "]";
			Extension filter = criteria.get(index);
			if (!(filter.getValue() instanceof StringType text) || !text.hasValue() || text.getValue().isBlank()) {
				problems.add(new Problem(where, "backport-filter-criteria must have a valueString"));
				continue;
			}
			String value = text.getValue().trim();
			String type = null;
			String query = value;
			int question = value.indexOf('?');
			if (question >= 0) {
				type = value.substring(0, question);
				query = value.substring(question + 1);
			}
			for (String pair : query.split("&")) {
				String name = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
				String pairType = type;
				int dot = name.indexOf('.');
				if (pairType == null && dot > 0 && Character.isUpperCase(name.charAt(0))) {
					pairType = name.substring(0, dot);
					name = name.substring(dot + 1);
				}
				if (pairType == null) {
					if (topic.resourceTypes().size() != 1) {
						problems.add(new Problem(where, "The filter '" + value + "' names no resource type, and the topic "
								+ topic.canonical() + " is about " + String.join(" and ", topic.resourceTypes())
								+ ": write it as Type?" + pair));
						continue;
					}
					pairType = topic.resourceTypes().iterator().next();
				}
				String parameter = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
				String filterValue = pair.contains("=") ? pair.substring(pair.indexOf('=') + 1) : "";
				if (!topic.resourceTypes().contains(pairType)) {
					problems.add(new Problem(where, "The topic " + topic.canonical() + " is not about " + pairType
							+ " (it is about " + String.join(" and ", topic.resourceTypes()) + ")"));
				}
				else if (!topic.allowsFilter(pairType, parameter)) {
					problems.add(new Problem(where, "The topic " + topic.canonical() + " cannot be filtered by '"
							+ parameter + "' on " + pairType + "; it allows " + String.join(", ", topic.filters().get(pairType))));
				}
				else if (filterValue.isBlank()) {
					problems.add(new Problem(where, "The filter '" + value + "' gives '" + parameter + "' no value"));
				}
				else {
					byType.computeIfAbsent(pairType, key -> new ArrayList<>()).add(name + "=" + filterValue);
				}
			}
		}
		Map<String, String> filters = new LinkedHashMap<>();
		byType.forEach((type, pairs) -> filters.put(type, String.join("&", pairs)));
		return filters;
	}

	private static URI endpointOf(Subscription.SubscriptionChannelComponent channel, boolean allowHttp,
			List<Problem> problems) {
		if (!channel.hasEndpoint()) {
			problems.add(new Problem("Subscription.channel.endpoint", "A rest-hook subscription needs an endpoint"));
			return null;
		}
		URI endpoint;
		try {
			endpoint = URI.create(channel.getEndpoint());
		}
		catch (IllegalArgumentException notAUri) {
			problems.add(new Problem("Subscription.channel.endpoint", "The endpoint is not a URL: " + notAUri.getMessage()));
			return null;
		}
		String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
		if (endpoint.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
			problems.add(new Problem("Subscription.channel.endpoint", "The endpoint must be an absolute https URL"));
		}
		else if (scheme.equals("http") && !allowHttp) {
			problems.add(new Problem("Subscription.channel.endpoint",
					"The endpoint must use https: notifications carry health data (this server accepts http endpoints only"
							+ " when careplan.subscriptions.allow-http-endpoints is true)"));
		}
		return endpoint;
	}

	private static List<String[]> headersOf(Subscription.SubscriptionChannelComponent channel, List<Problem> problems) {
		List<String[]> headers = new ArrayList<>();
		List<StringType> declared = channel.getHeader();
		for (int index = 0; index < declared.size(); index++) {
			String header = declared.get(index).getValue();
			int colon = header == null ? -1 : header.indexOf(':');
			String name = colon > 0 ? header.substring(0, colon).trim() : "";
			if (colon <= 0 || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+") || header.indexOf('\n') >= 0
					|| header.indexOf('\r') >= 0) {
				problems.add(new Problem("Subscription.channel.header[" + index + "]",
						"A header must be written 'Name: value' (an HTTP header name, one line)"));
				continue;
			}
			if (name.equalsIgnoreCase("Content-Type") || name.equalsIgnoreCase("Content-Length")
					|| name.equalsIgnoreCase("Host")) {
				problems.add(new Problem("Subscription.channel.header[" + index + "]",
						"The header '" + name + "' is set by the server for each notification"));
				continue;
			}
			headers.add(new String[] { name, header.substring(colon + 1).trim() });
		}
		return headers;
	}

	private static String mimeTypeOf(Subscription.SubscriptionChannelComponent channel, List<Problem> problems) {
		String payload = channel.getPayload();
		if (payload == null || payload.isBlank()) {
			problems.add(new Problem("Subscription.channel.payload",
					"payload is required (backport-subscription): application/fhir+json or application/fhir+xml"));
			return null;
		}
		String[] parts = payload.split(";");
		String type = parts[0].trim().toLowerCase(Locale.ROOT);
		for (int index = 1; index < parts.length; index++) {
			String parameter = parts[index].trim();
			if (parameter.toLowerCase(Locale.ROOT).startsWith("fhirversion=")
					&& !parameter.substring("fhirVersion=".length()).trim().startsWith("4.0")) {
				problems.add(new Problem("Subscription.channel.payload",
						"This server speaks FHIR 4.0 (R4) only; the payload asks for " + parameter));
			}
		}
		String mimeType = switch (type) {
			case JSON, "application/json", "json" -> JSON;
			case XML, "application/xml", "xml" -> XML;
			default -> null;
		};
		if (mimeType == null) {
			problems.add(new Problem("Subscription.channel.payload", "The payload type '" + payload
					+ "' is not supported: application/fhir+json or application/fhir+xml"));
		}
		return mimeType;
	}

	private static Content contentOf(Subscription.SubscriptionChannelComponent channel, List<Problem> problems) {
		Extension declared = channel.getPayloadElement().getExtensionByUrl(Backport.PAYLOAD_CONTENT);
		if (declared == null) {
			problems.add(new Problem("Subscription.channel.payload.extension('" + Backport.PAYLOAD_CONTENT + "')",
					"backport-payload-content is required: empty, id-only or full-resource"));
			return null;
		}
		String code = declared.getValue() instanceof PrimitiveType<?> primitive ? primitive.getValueAsString() : null;
		Content content = Content.of(code);
		if (content == null) {
			problems.add(new Problem("Subscription.channel.payload.extension('" + Backport.PAYLOAD_CONTENT + "')",
					"Unknown payload content '" + code + "': empty, id-only or full-resource"));
		}
		return content;
	}

	private static int unsignedExtension(Subscription.SubscriptionChannelComponent channel, String url, String name,
			int absent, List<Problem> problems) {
		Extension extension = channel.getExtensionByUrl(url);
		if (extension == null) {
			return absent;
		}
		if (!(extension.getValue() instanceof org.hl7.fhir.r4.model.IntegerType number) || !number.hasValue()
				|| number.getValue() < 0) {
			problems.add(new Problem("Subscription.channel.extension('" + url + "')",
					name + " must be a non-negative integer"));
			return absent;
		}
		return number.getValue();
	}

	private static String describe(Extension channelType) {
		if (channelType.getValue() instanceof org.hl7.fhir.r4.model.Coding coding) {
			return "'" + coding.getSystem() + "|" + coding.getCode() + "'";
		}
		return "given";
	}

}
