import { Link } from '../components/Link.tsx';
import { PageHeading } from '../components/PageHeading.tsx';

export function NotFoundPage() {
  return (
    <section>
      <PageHeading>Page not found</PageHeading>
      <p>There is nothing at this address.</p>
      <Link to="/">Go to the start page</Link>
    </section>
  );
}
