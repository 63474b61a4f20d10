import { PageHeading } from './PageHeading.tsx';

/** A mailed link without its `userId` or `secret` (cut by a mail client, or copied in part). */
export function IncompleteLink() {
  return (
    <section className="narrow card">
      <PageHeading>Link incomplete</PageHeading>
      <p>
        This link is missing some of its parts. Open the link from the email again, or copy all of it into the
        address bar.
      </p>
    </section>
  );
}
