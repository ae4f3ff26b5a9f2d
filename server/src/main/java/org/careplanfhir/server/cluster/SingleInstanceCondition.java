package org.careplanfhir.server.cluster;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches out of cluster mode: one instance on its database. */
class SingleInstanceCondition implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return !ClusterMode.isOn(context.getEnvironment());
	}

}
