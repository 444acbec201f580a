/** Shapes shared by several routes: the user, the problem body. */
import { Type, type Static } from 'typebox'

export const UuidSchema = Type.String({ format: 'uuid' })
export const NameSchema = Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])

export const UserSchema = Type.Object(
  {
    id: UuidSchema,
    email: Type.String(),
    username: Type.String(),
    firstName: Type.Union([Type.String(), Type.Null()]),
    lastName: Type.Union([Type.String(), Type.Null()]),
    role: Type.Union([Type.Literal('user'), Type.Literal('admin')]),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
)
export type User = Static<typeof UserSchema>

export const UserResponseSchema = Type.Object({ user: UserSchema }, { additionalProperties: false })

/** RFC 9457 problem details as @proddash/http sends them. */
export const ProblemSchema = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  code: Type.String(),
  errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
})

export const NoContentSchema = Type.Null()
