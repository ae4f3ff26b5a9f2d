package org.careplanfhir.server.subscriptions;

import java.util.Objects;
import java.util.Optional;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.rest.api.server.IPreResourceShowDetails;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Subscription;

import org.careplanfhir.server.security.policy.CallerGrant;
import org.careplanfhir.server.security.policy.FhirAccess;
import org.careplanfhir.server.security.policy.FhirAccessResolver;
import org.careplanfhir.server.security.policy.SmartScope.Permission;
import org.careplanfhir.server.web.RequestPipeline;

/**
 * A subscription belongs to whoever created it: the same client, for the same user and launch
 * patient. Its endpoint, its headers (often a credential) and its events are theirs; a backend with
 * a {@code system/} scope on Subscription administers them all. To anyone else another's
 * subscription does not exist: hidden from reads and searches, 404 to updates, deletes and
 * {@code $status}/{@code $events}.
 */
@Interceptor
class SubscriptionOwnership {

	static final String SUBSCRIPTION = "Subscription";

	private final FhirAccessResolver accessResolver;

	private final SubscriptionStore store;

	SubscriptionOwnership(FhirAccessResolver accessResolver, SubscriptionStore store) {
		this.accessResolver = accessResolver;
		this.store = store;
	}

	/** Whether this caller may see and manage the subscription with this id. */
	boolean owns(RequestDetails request, String id, Permission permission) {
		FhirAccess access = accessResolver.of(request);
		if (access.grantsUnconfined(SUBSCRIPTION, permission)) {
			return true;
		}
		Optional<CallerGrant> creator = store.state(id).map(SubscriptionStore.State::grant);
		return creator.isPresent() && sameCaller(creator.get(), access.grant());
	}

	private static boolean sameCaller(CallerGrant creator, CallerGrant caller) {
		return caller.clientId() != null && Objects.equals(creator.clientId(), caller.clientId())
				&& Objects.equals(creator.fhirUser(), caller.fhirUser())
				&& Objects.equals(creator.patient(), caller.patient());
	}

	@Hook(value = Pointcut.STORAGE_PRESHOW_RESOURCES, order = RequestPipeline.CAPABILITY_GUARDS)
	public void hideOthers(RequestDetails request, IPreResourceShowDetails details) {
		for (int index = 0; index < details.size(); index++) {
			IBaseResource resource = details.getResource(index);
			if (resource instanceof Subscription subscription
					&& !owns(request, subscription.getIdElement().getIdPart(), Permission.READ)) {
				details.setResource(index, null);
			}
		}
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_UPDATED, order = RequestPipeline.CAPABILITY_GUARDS)
	public void updating(IBaseResource previous, IBaseResource resource, RequestDetails request) {
		refuseOthers(previous, request, Permission.UPDATE);
	}

	@Hook(value = Pointcut.STORAGE_PRESTORAGE_RESOURCE_DELETED, order = RequestPipeline.CAPABILITY_GUARDS)
	public void deleting(IBaseResource resource, RequestDetails request) {
		refuseOthers(resource, request, Permission.DELETE);
	}

	private void refuseOthers(IBaseResource resource, RequestDetails request, Permission permission) {
		if (resource instanceof Subscription subscription
				&& !owns(request, subscription.getIdElement().getIdPart(), permission)) {
			throw new ResourceNotFoundException(subscription.getIdElement().toUnqualifiedVersionless());
		}
	}

}
