package org.careplanfhir.server.subscriptions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Resource;

/**
 * The resources this node committed lately, as the writer held them, kept until the dispatcher
 * judges their changes: reading each one back from the database (and parsing it again) was most of
 * the dispatcher's work under load. Only the newest few thousand are kept; a change written by
 * another node, or pushed out by a burst, is read from the database as before. Nothing is kept
 * while no subscription listens: the dispatcher would never take those copies, and a server without
 * subscriptions held thousands of resources it had written, and paid for copying each one. What the
 * dispatcher does not find here it reads from the database, so a subscription made since it last
 * looked loses nothing; only its first changes are read back.
 */
class RecentWrites {

	private static final int KEPT = 5_000;

	private volatile boolean anyoneListening = true;

	private final Map<String, IBaseResource> byVersion = new LinkedHashMap<>(KEPT, 0.75f, false) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, IBaseResource> eldest) {
			return size() > KEPT;
		}

	};

	private static String key(String type, String id, long version) {
		return type + "/" + id + "/_history/" + version;
	}

	/**
	 * Keeps what one transaction wrote, once it has committed: a copy, taken on the writer's thread
	 * before it answers, so that nothing the answer does to its resources reaches the dispatcher.
	 */
	void keep(List<IBaseResource> committed) {
		if (!anyoneListening) {
			return;
		}
		List<Resource> copies = committed.stream()
			.filter(Resource.class::isInstance)
			.map(resource -> ((Resource) resource).copy())
			.toList();
		synchronized (this) {
			for (Resource copy : copies) {
				byVersion.put(key(copy.fhirType(), copy.getIdElement().getIdPart(),
						copy.getIdElement().getVersionIdPartAsLong()), copy);
			}
		}
	}

	/** What the dispatcher found when it last judged changes: whether any subscription listens. */
	void listenersFound(boolean any) {
		anyoneListening = any;
		if (!any) {
			synchronized (this) {
				byVersion.clear();
			}
		}
	}

	/**
	 * The version written, given up by this cache; null when it is not here. A resource object changed
	 * after its write (it names another version now) is not trusted.
	 */
	synchronized IBaseResource take(String type, String id, long version) {
		IBaseResource resource = byVersion.remove(key(type, id, version));
		if (resource == null || !resource.getIdElement().hasVersionIdPart()
				|| resource.getIdElement().getVersionIdPartAsLong() != version) {
			return null;
		}
		return resource;
	}

}
