package org.careplanfhir.server.conformance.rules;

import java.util.Set;

/**
 * Profiles a capability checks itself because this server does not hold their package (the
 * Subscriptions Backport's {@code backport-subscription}): a write claiming one is not warned about,
 * nor refused, as claiming a profile the server does not know.
 */
public interface ProfilesCheckedElsewhere {

	Set<String> profiles();

}
