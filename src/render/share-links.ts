// Share links that work without JavaScript: each is a plain link to a service's documented share URL.

export interface ShareLink {
  /** Visible link text, the service's name. */
  readonly label: string;
  readonly href: string;
}

/** Services and their share URLs; `url` and `text` arrive already percent-encoded. */
const SERVICES: readonly { readonly label: string; readonly href: (url: string, text: string) => string }[] = [
  { label: "Email", href: (url, text) => `mailto:?subject=${text}&body=${url}` },
  { label: "X", href: (url, text) => `https://x.com/intent/post?url=${url}&text=${text}` },
  { label: "Facebook", href: (url) => `https://www.facebook.com/sharer/sharer.php?u=${url}` },
  { label: "LinkedIn", href: (url) => `https://www.linkedin.com/sharing/share-offsite/?url=${url}` },
  { label: "Bluesky", href: (url, text) => `https://bsky.app/intent/compose?text=${text}%20${url}` },
];

/**
 * Share links for one page.
 * @example shareLinks("https://news.example.org/a/", "A & B")[0] // { label: "Email", href: "mailto:?subject=A%20%26%20B&body=https%3A…" }
 */
export function shareLinks(absoluteUrl: string, title: string): ShareLink[] {
  const url = encodeURIComponent(absoluteUrl);
  const text = encodeURIComponent(title);
  return SERVICES.map((service) => ({ label: service.label, href: service.href(url, text) }));
}
