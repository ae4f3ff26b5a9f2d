package org.careplanfhir.server.authserver.accounts;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.careplanfhir.server.security.SecurityProperties.AuthMethod;
import org.careplanfhir.server.security.SecurityProperties.Client;


import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The administrators' path to accounts and registered apps while the server runs:
 * {@code /admin/users} and {@code /admin/clients}, HTTP Basic with an administrator account.
 */
@RestController
@RequestMapping("/admin")
public class AdminApi {

	private final UserAccounts users;

	private final ClientRegistrations clients;

	public AdminApi(UserAccounts users, ClientRegistrations clients) {
		this.users = users;
		this.clients = clients;
	}

	@GetMapping("/users")
	List<UserAccounts.Account> users() {
		return users.all();
	}

	@PutMapping("/users/{username}")
	UserAccounts.Account saveUser(@PathVariable String username, @RequestBody UserRequest request) {
		UserAccounts.Account account = new UserAccounts.Account(username, request.fhirUser(), request.admin(),
				request.enabled() == null || request.enabled());
		users.save(account, request.password());
		return account;
	}

	@DeleteMapping("/users/{username}")
	ResponseEntity<Void> deleteUser(@PathVariable String username) {
		return users.delete(username) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
	}

	@GetMapping("/clients")
	List<Client> clients() {
		return clients.all();
	}

	@PutMapping("/clients/{clientId}")
	Map<String, Object> saveClient(@PathVariable String clientId, @RequestBody ClientRequest request) {
		if (request.clientId() != null && !clientId.equals(request.clientId())) {
			throw new IllegalArgumentException("clientId: must equal the path's " + clientId);
		}
		var saved = clients.save(request.toClient(clientId));
		Map<String, Object> answer = new java.util.LinkedHashMap<>();
		answer.put("clientId", saved.getClientId());
		answer.put("grantTypes", saved.getAuthorizationGrantTypes().stream().map(grant -> grant.getValue()).sorted().toList());
		String payer = saved.getClientSettings().getSetting(ClientRegistrations.PAYER);
		if (payer != null) {
			answer.put("payer", payer);
		}
		return answer;
	}

	@DeleteMapping("/clients/{clientId}")
	ResponseEntity<Void> deleteClient(@PathVariable String clientId) {
		return clients.delete(clientId) ? ResponseEntity.noContent().build() : ResponseEntity.notFound().build();
	}

	@ExceptionHandler(IllegalArgumentException.class)
	ProblemDetail badRequest(IllegalArgumentException problem) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, problem.getMessage());
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ProblemDetail unreadable(HttpMessageNotReadableException problem) {
		return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The body is not the JSON this endpoint takes: " + problem.getMostSpecificCause().getMessage());
	}

	/**
	 * A client as the admin API takes it: the fields of {@code careplan.security.clients[n]}.
	 *
	 * @param authMethod none, client_secret_basic or private_key_jwt
	 * @param jwks an inline JSON Web Key Set, as an object or a string
	 * @param payer the payer the client acts for, {@code Organization/[id]}
	 */
	record ClientRequest(String clientId, String name, String authMethod, String secret, List<String> redirectUris,
			List<String> scopes, Object jwks, String jwksUri, String payer) {

		Client toClient(String clientId) {
			AuthMethod method;
			try {
				method = authMethod == null ? AuthMethod.NONE : AuthMethod.valueOf(authMethod.toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException unknown) {
				throw new IllegalArgumentException(
						"authMethod: one of none, client_secret_basic, private_key_jwt (was " + authMethod + ")");
			}
			String keys = jwks == null ? null : jwks instanceof String text ? text : JSON.valueToTree(jwks).toString();
			return new Client(clientId, name, method, secret, redirectUris == null ? List.of() : redirectUris,
					scopes == null ? List.of() : scopes, keys, jwksUri, payer);
		}

	}

	private static final ObjectMapper JSON = new ObjectMapper();

	/**
	 * @param password the new password; null keeps the current one
	 * @param fhirUser e.g. {@code Practitioner/cm-1}
	 * @param admin may use this API
	 * @param enabled may log in (default true)
	 */
	record UserRequest(String password, String fhirUser, boolean admin, Boolean enabled) {
	}

}
