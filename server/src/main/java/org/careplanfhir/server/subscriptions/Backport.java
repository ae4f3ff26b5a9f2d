package org.careplanfhir.server.subscriptions;

/** The Subscriptions R5 Backport IG's names, as an R4 server meets them. */
final class Backport {

	static final String BASE = "http://hl7.org/fhir/uv/subscriptions-backport/";

	static final String SUBSCRIPTION_PROFILE = BASE + "StructureDefinition/backport-subscription";

	static final String STATUS_PROFILE = BASE + "StructureDefinition/backport-subscription-status-r4";

	static final String NOTIFICATION_PROFILE = BASE + "StructureDefinition/backport-subscription-notification-r4";

	static final String FILTER_CRITERIA = BASE + "StructureDefinition/backport-filter-criteria";

	static final String HEARTBEAT_PERIOD = BASE + "StructureDefinition/backport-heartbeat-period";

	static final String TIMEOUT = BASE + "StructureDefinition/backport-timeout";

	static final String MAX_COUNT = BASE + "StructureDefinition/backport-max-count";

	static final String PAYLOAD_CONTENT = BASE + "StructureDefinition/backport-payload-content";

	static final String CHANNEL_TYPE = BASE + "StructureDefinition/backport-channel-type";

	static final String TOPIC_CANONICAL = BASE + "StructureDefinition/capabilitystatement-subscriptiontopic-canonical";

	static final String SERVER_STATEMENT = BASE + "CapabilityStatement/backport-subscription-server-r4";

	static final String STATUS_OPERATION = BASE + "OperationDefinition/backport-subscription-status";

	static final String EVENTS_OPERATION = BASE + "OperationDefinition/backport-subscription-events";

	static final String ERROR_SYSTEM = "http://terminology.hl7.org/CodeSystem/subscription-error";

	/** How much of a changed resource a notification carries. */
	enum Content {

		EMPTY("empty"), ID_ONLY("id-only"), FULL_RESOURCE("full-resource");

		final String code;

		Content(String code) {
			this.code = code;
		}

		static Content of(String code) {
			for (Content content : values()) {
				if (content.code.equals(code)) {
					return content;
				}
			}
			return null;
		}

	}

	/** What a status Parameters says the Bundle it leads is. */
	enum NotificationType {

		HANDSHAKE("handshake"), HEARTBEAT("heartbeat"), EVENT_NOTIFICATION("event-notification"),
		QUERY_STATUS("query-status"), QUERY_EVENT("query-event");

		final String code;

		NotificationType(String code) {
			this.code = code;
		}

	}

	private Backport() {
	}

}
