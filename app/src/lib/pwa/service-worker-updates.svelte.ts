/** Check for a new version at most this often when the app comes back to the foreground. */
const UPDATE_CHECK_INTERVAL_MS = 30 * 60 * 1000;

/**
 * Registers the service worker and tells the UI when a new version is waiting. The new worker
 * never takes over on its own: the member chooses "reload", which asks it to skip waiting, and
 * the page reloads once it controls the page. The very first worker takes control at once (the
 * worker claims clients on first install), so the app works offline right after the first visit.
 */
export class ServiceWorkerUpdates {
  updateAvailable = $state(false);

  #registration: ServiceWorkerRegistration | null = null;
  #reloadOnControllerChange = false;
  #lastCheck = Date.now();

  /** Registers `url`; resolves to false where service workers are unavailable or registration fails. */
  async start(url = '/service-worker.js'): Promise<boolean> {
    if (!('serviceWorker' in navigator)) return false;
    const container = navigator.serviceWorker;
    container.addEventListener('controllerchange', () => {
      if (this.#reloadOnControllerChange) location.reload();
    });
    let registration: ServiceWorkerRegistration;
    try {
      registration = await container.register(url, { type: 'classic', scope: '/' });
    } catch (error) {
      console.warn('service worker registration failed', error);
      return false;
    }
    this.#registration = registration;
    if (registration.waiting && container.controller) this.updateAvailable = true;
    registration.addEventListener('updatefound', () => {
      const installing = registration.installing;
      installing?.addEventListener('statechange', () => {
        // With no controller this is the first install, not an update.
        if (installing.state === 'installed' && container.controller) this.updateAvailable = true;
      });
    });
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.#checkForUpdate();
    });
    return true;
  }

  /** Activates the waiting version and reloads into it. */
  applyUpdate(): void {
    const waiting = this.#registration?.waiting;
    if (!waiting) {
      location.reload();
      return;
    }
    this.#reloadOnControllerChange = true;
    waiting.postMessage({ type: 'SKIP_WAITING' });
  }

  #checkForUpdate(): void {
    const registration = this.#registration;
    if (!registration || Date.now() - this.#lastCheck < UPDATE_CHECK_INTERVAL_MS) return;
    this.#lastCheck = Date.now();
    // Offline or server down: try again on the next visit.
    registration.update().catch(() => undefined);
  }
}
