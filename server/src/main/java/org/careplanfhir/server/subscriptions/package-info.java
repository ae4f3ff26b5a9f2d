/**
 * Topic-based subscriptions as the Subscriptions R5 Backport IG 1.1.0 defines them for R4: the topics
 * this server offers ({@link org.careplanfhir.server.subscriptions.SubscriptionTopics}), checking
 * Subscriptions as they are written, numbering events durably in PostgreSQL, and delivering
 * handshakes, heartbeats and notifications to rest-hook endpoints, filtered through the grant of
 * the subscription's creator.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Subscriptions",
		allowedDependencies = { "fhir", "storage", "web", "security :: policy", "conformance :: rules" })
package org.careplanfhir.server.subscriptions;
