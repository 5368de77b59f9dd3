import { useParams } from "react-router";

/** Placeholder for `/tasks/:id` until the task feature lands (console/src/features/task). */
export function TaskPage() {
  const { id } = useParams<{ id: string }>();
  return (
    <section aria-labelledby="task-heading">
      <h2 id="task-heading">Task {id}</h2>
    </section>
  );
}
