package org.careplanfhir.server.subscriptions;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestComponent;
import org.hl7.fhir.r4.model.CapabilityStatement.CapabilityStatementRestResourceComponent;

import org.careplanfhir.server.web.RequestPipeline;

/**
 * The CapabilityStatement says what a backport client looks for: that the server instantiates the
 * backport's R4 server statement, supports the {@code backport-subscription} profile, and offers each
 * topic (one {@code capabilitystatement-subscriptiontopic-canonical} extension per topic on the
 * Subscription resource).
 */
@Interceptor
class SubscriptionTopicsClaim {

	@Hook(value = Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED, order = RequestPipeline.RESPONSE_SHAPING)
	public void claimTopics(IBaseConformance statement) {
		if (!(statement instanceof CapabilityStatement capabilities)) {
			return;
		}
		if (!capabilities.hasInstantiates(Backport.SERVER_STATEMENT)) {
			capabilities.addInstantiates(Backport.SERVER_STATEMENT);
		}
		for (CapabilityStatementRestComponent rest : capabilities.getRest()) {
			for (CapabilityStatementRestResourceComponent resource : rest.getResource()) {
				if (!"Subscription".equals(resource.getType())) {
					continue;
				}
				if (!resource.hasSupportedProfile(Backport.SUBSCRIPTION_PROFILE)) {
					resource.addSupportedProfile(Backport.SUBSCRIPTION_PROFILE);
				}
				resource.getExtension().removeIf(extension -> Backport.TOPIC_CANONICAL.equals(extension.getUrl()));
				for (SubscriptionTopic topic : SubscriptionTopics.all()) {
					resource.addExtension(Backport.TOPIC_CANONICAL, new CanonicalType(topic.canonical()));
				}
			}
		}
	}

}
